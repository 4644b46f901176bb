"""pickwise's capabilities as LangChain tools, for other LangChain / LangGraph agents."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from langchain_core.tools import BaseTool, StructuredTool
from pydantic import BaseModel, Field

from pickwise.errors import PickwiseError
from pickwise.retrieval import Request

if TYPE_CHECKING:
    from pickwise.agent.app import Pickwise

__all__ = ["make_tools"]


class _Search(BaseModel):
    query: str = Field(description="What to look for, in plain words.")
    where: list[str] = Field(
        default_factory=list, description="Constraints such as 'year>=1990' or 'genres!=horror'."
    )
    k: int = Field(default=5, ge=1, le=50, description="How many results.")


class _Item(BaseModel):
    item_id: str = Field(description="The catalog id of the item.")


class _Recommend(BaseModel):
    user_id: str = Field(description="Whose profile to use.")
    query: str = Field(default="", description="What the user asks for now (optional).")
    k: int = Field(default=5, ge=1, le=20, description="How many picks.")


class _Update(BaseModel):
    user_id: str
    like: list[str] = Field(default_factory=list, description="Item ids the user liked.")
    dislike: list[str] = Field(default_factory=list, description="Item ids the user disliked.")
    seen: list[str] = Field(default_factory=list, description="Item ids the user has seen.")
    where: list[str] = Field(default_factory=list, description="Constraints to add.")
    allow: list[str] = Field(
        default_factory=list, description="Lift constraints: 'genres=horror' or a field name."
    )


def _item_json(agent: Pickwise, item_id: str) -> dict[str, Any]:
    return agent.catalog.get(item_id).to_dict()


def make_tools(agent: Pickwise) -> list[BaseTool]:
    """``search_catalog``, ``get_item``, ``recommend_for_user`` and ``update_profile``.

    Errors come back as ``{"error": ...}`` so a calling model can correct itself.
    """

    def guarded(fn: Any) -> Any:
        def run(**kwargs: Any) -> Any:
            try:
                return fn(**kwargs)
            except PickwiseError as exc:
                return {"error": str(exc)}

        run.__name__ = fn.__name__
        run.__doc__ = fn.__doc__
        return run

    def search_catalog(query: str, where: list[str] | None = None, k: int = 5) -> list[dict]:
        """Search the catalog by meaning, with optional metadata constraints."""
        request = Request(
            query=query, where=tuple(agent.catalog.where(w) for w in where or ()), k=k
        )
        return [
            {
                "id": r.item.id,
                "title": r.item.title,
                "score": round(r.score, 3),
                "reason": r.reason(),
            }
            for r in agent.catalog.recommend(request)
        ]

    def get_item(item_id: str) -> dict:
        """All stored facts of one catalog item."""
        return _item_json(agent, item_id)

    def recommend_for_user(user_id: str, query: str = "", k: int = 5) -> list[dict]:
        """Recommendations from a user's stored profile (likes, dislikes, constraints)."""
        picks = agent.recommend(user_id, query, k)
        return [
            {
                "id": p.item_id,
                "title": p.recommendation.item.title,
                "score": round(p.score, 3),
                "explanation": p.explanation,
            }
            for p in picks
        ]

    def update_profile(
        user_id: str,
        like: list[str] | None = None,
        dislike: list[str] | None = None,
        seen: list[str] | None = None,
        where: list[str] | None = None,
        allow: list[str] | None = None,
    ) -> dict:
        """Record what a user liked, disliked or saw, and add or lift constraints."""
        return agent.edit_profile(
            user_id,
            like=like or (),
            dislike=dislike or (),
            seen=seen or (),
            where=where or (),
            allow=allow or (),
        ).to_dict()

    specs: list[tuple[Any, type[BaseModel]]] = [
        (search_catalog, _Search),
        (get_item, _Item),
        (recommend_for_user, _Recommend),
        (update_profile, _Update),
    ]
    return [
        StructuredTool.from_function(
            guarded(fn), name=fn.__name__, description=fn.__doc__ or fn.__name__, args_schema=schema
        )
        for fn, schema in specs
    ]
