"""pickwise: an LLM-native conversational recommender.

The public API::

    from pickwise import Catalog, Pickwise, Request, Settings
"""

from typing import TYPE_CHECKING, Any

from pickwise.config import Settings
from pickwise.errors import (
    BackendError,
    CatalogError,
    ConfigError,
    NotFoundError,
    PickwiseError,
    RequestError,
    StoreError,
)
from pickwise.retrieval import (
    AnyOf,
    Catalog,
    CatalogSpec,
    IngestReport,
    Item,
    NoneOf,
    Range,
    Recommendation,
    Request,
    Signal,
    parse_where,
)

__version__ = "0.1.0"

__all__ = [
    "AnyOf",
    "BackendError",
    "Catalog",
    "CatalogError",
    "CatalogSpec",
    "ConfigError",
    "IngestReport",
    "Item",
    "NoneOf",
    "NotFoundError",
    "Pick",
    "Pickwise",
    "PickwiseError",
    "Profile",
    "Range",
    "Recommendation",
    "Reply",
    "Request",
    "RequestError",
    "Settings",
    "Signal",
    "StoreError",
    "__version__",
    "open_catalog",
    "parse_where",
    "weights_from",
]


def weights_from(s: Settings) -> dict[str, float]:
    """Fusion weights by source name, from the settings."""
    return {
        "query": s.weight_dense,
        "liked": s.weight_item,
        "collaborative": s.weight_collab,
        "popularity": s.weight_popularity,
        "comention": s.weight_comention,
        "context": s.weight_context,
        "neighbours": s.weight_neighbours,
        "recommended": s.weight_recommended,
        "mentioned": s.weight_mentioned,
        "alike": s.weight_alike,
        "people": s.weight_people,
        "genres": s.weight_genres,
        "traits": s.weight_traits,
        "keywords": s.weight_keywords,
        "avoid": s.weight_avoid,
        "disliked": s.weight_disliked,
    }


def open_catalog(settings: Settings | None = None, **overrides: object) -> Catalog:
    """Open the catalog that ``settings`` (default: environment and ``.env``) names."""
    s = settings or Settings(**overrides)  # type: ignore[arg-type]
    weights = weights_from(s)
    return Catalog.open(
        s.home,
        s.catalog,
        embedding_model=s.embedding_model,
        chroma_url=s.chroma_url,
        chroma_host=s.chroma_host,
        chroma_port=s.chroma_port,
        weights=weights,
        per_source=s.candidates_per_source,
        batch_size=s.embedding_batch_size,
        device=s.embedding_device,
    )


if TYPE_CHECKING:
    from pickwise.agent import Pick, Pickwise, Profile, Reply

_AGENT_NAMES = {"Pick", "Pickwise", "Profile", "Reply"}


def __getattr__(name: str) -> Any:
    """The agent's names load on first use: the catalog CLI need not import LangGraph."""
    if name in _AGENT_NAMES:
        import pickwise.agent

        return getattr(pickwise.agent, name)
    raise AttributeError(f"module 'pickwise' has no attribute {name!r}")
