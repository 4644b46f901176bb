"""pickwise's LangChain tools, called as another agent would call them."""

from __future__ import annotations

from pickwise.agent.app import Pickwise
from pickwise.agent.tools import make_tools


def tools(agent: Pickwise) -> dict:
    return {t.name: t for t in make_tools(agent)}


def test_the_four_tools_with_schemas(agent: Pickwise) -> None:
    found = tools(agent)
    assert set(found) == {"search_catalog", "get_item", "recommend_for_user", "update_profile"}
    assert "query" in found["search_catalog"].args and "where" in found["search_catalog"].args


def test_search_and_get(agent: Pickwise) -> None:
    t = tools(agent)
    results = t["search_catalog"].invoke({"query": "space", "where": ["year>=2000"], "k": 3})
    assert len(results) == 3
    item = t["get_item"].invoke({"item_id": results[0]["id"]})
    assert item["metadata"]["year"] >= 2000 and item["title"] == results[0]["title"]


def test_update_profile_then_recommend(agent: Pickwise) -> None:
    t = tools(agent)
    profile = t["update_profile"].invoke(
        {"user_id": "tool-user", "like": ["arrival-2016"], "where": ["genres!=horror"]}
    )
    assert profile["liked"] == [{"id": "arrival-2016", "title": "Arrival"}]
    picks = t["recommend_for_user"].invoke({"user_id": "tool-user", "k": 4})
    assert len(picks) == 4 and all(p["id"] != "arrival-2016" for p in picks)
    for p in picks:
        genres = t["get_item"].invoke({"item_id": p["id"]})["metadata"]["genres"]
        assert "Horror" not in genres and p["explanation"]


def test_errors_come_back_as_data(agent: Pickwise) -> None:
    t = tools(agent)
    assert "no item with id" in t["get_item"].invoke({"item_id": "nope"})["error"]
    assert "unknown field" in t["search_catalog"].invoke({"query": "x", "where": ["zz=1"]})["error"]
