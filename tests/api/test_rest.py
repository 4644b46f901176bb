"""The REST endpoints against a real server: items, recommendations, profiles, feedback."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from pickwise.retrieval.constraints import Range
from tests.api.conftest import Served, new_user


def error_of(reply: httpx.Response, status: int, kind: str) -> str:
    """Check the status and the one error body shape; return the message."""
    assert reply.status_code == status, reply.text
    body = reply.json()
    assert set(body) == {"error"} and set(body["error"]) == {"type", "message"}
    assert body["error"]["type"] == kind
    return str(body["error"]["message"])


def years(results: list[dict[str, Any]]) -> list[int]:
    return [r["item"]["metadata"]["year"] for r in results]


# --- items ----------------------------------------------------------------------------------
def test_get_item(http: httpx.Client) -> None:
    item = http.get("/v1/items/arrival-2016").json()
    assert item["title"] == "Arrival" and item["metadata"]["year"] == 2016
    assert "Science Fiction" in item["metadata"]["genres"] and item["text"]


def test_unknown_item_is_404(http: httpx.Client) -> None:
    message = error_of(http.get("/v1/items/no-such-film"), 404, "NotFoundError")
    assert "no-such-film" in message
    # the advice names the endpoint, not the CLI command (before: `pickwise search`)
    assert "find ids with GET /v1/items?query=WORDS" in message and "pickwise search" not in message
    body = {"liked": ["no-such-film"]}
    message = error_of(http.post("/v1/recommendations", json=body), 404, "NotFoundError")
    assert "GET /v1/items?query=WORDS" in message


@pytest.mark.parametrize("params", [{"like": "arrival-2016"}, {"query": "x", "bogus": "1"}])
def test_unknown_query_parameters_are_422(http: httpx.Client, params: dict[str, str]) -> None:
    """As unknown body fields are (before: a search as if they had not been given)."""
    message = error_of(http.get("/v1/items", params=params), 422, "RequestError")
    unknown = ", ".join(sorted(set(params) - {"query"}))
    assert f"unknown query parameter(s) {unknown} of GET /v1/items; it takes k, query, where" in (
        message
    )
    message = error_of(http.get("/v1/items/arrival-2016?k=3"), 422, "RequestError")
    assert "GET /v1/items/{item_id}; it takes none" in message


def test_search_items_with_constraints(http: httpx.Client) -> None:
    params = [("query", "space"), ("k", "4"), ("where", "year>=1990"), ("where", "genres!=horror")]
    results = http.get("/v1/items", params=params).json()["results"]
    assert len(results) == 4
    assert all(y >= 1990 for y in years(results))
    assert all("Horror" not in r["item"]["metadata"]["genres"] for r in results)
    assert results[0]["signals"][0]["source"] == "query" and results[0]["reason"]
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"where": "year>>1990"}, "is not a number"),
        ({"where": "year"}, "cannot read constraint"),
        ({"where": "colour=red"}, "colour"),
        ({"where": "year>=nan"}, "give a finite number, not 'nan'"),
        ({"where": "year<inf"}, "give a finite number"),
        ({"where": "year=-1e999"}, "give a finite number"),
        # a value the catalog does not have would match (or exclude) nothing
        ({"where": "genres=sci-fi"}, "no genres 'sci-fi' (did you mean Science Fiction?)"),
        ({"where": "genres!=comedies"}, "did you mean Comedy?"),
        ({"where": "language=Klingon"}, "its 28 values include Arabic, Bambara"),
        ({"where": "directors=kubrick"}, "did you mean Stanley Kubrick?"),
        # a surname of two words, or run together, or misspelt (before: no suggestion)
        ({"where": "directors=del toro"}, "did you mean Guillermo del Toro?"),
        ({"where": "directors=de sica"}, "did you mean Vittorio De Sica?"),
        ({"where": "directors=deltoro"}, "did you mean Guillermo del Toro?"),
        ({"where": "directors=kubrik"}, "did you mean Stanley Kubrick?"),
        # one full stop after a cut list of values (before: "....")
        ({"where": "language=Klingon"}, ", Indonesian and 16 more."),
        ({"k": "0"}, "query.k"),
        ({"k": "many"}, "query.k"),
    ],
)
def test_bad_search_is_422(http: httpx.Client, params: dict[str, str], fragment: str) -> None:
    assert fragment in error_of(http.get("/v1/items", params=params), 422, "RequestError")


def test_constraint_values_are_the_catalog_s_in_any_case(http: httpx.Client) -> None:
    params = [("query", "space"), ("where", "genres=science FICTION"), ("k", "3")]
    results = http.get("/v1/items", params=params).json()["results"]
    assert len(results) == 3
    assert all("Science Fiction" in r["item"]["metadata"]["genres"] for r in results)


# --- recommendations ------------------------------------------------------------------------
def test_structured_recommendation(http: httpx.Client) -> None:
    body = {"query": "aliens", "liked": ["arrival-2016"], "where": ["year>=2000"], "k": 5}
    results = http.post("/v1/recommendations", json=body).json()["results"]
    assert len(results) == 5
    assert "arrival-2016" not in [r["item"]["id"] for r in results]
    assert all(y >= 2000 for y in years(results))
    liked = [s for r in results for s in r["signals"] if s["source"] == "liked"]
    assert liked and all(s["because"] == ["arrival-2016"] for s in liked)
    assert all(s["because_titles"] == ["Arrival"] for s in liked)
    assert all(r["explanation"] is None for r in results)


def test_a_chatbot_passes_its_conversation(http: httpx.Client) -> None:
    """``mentioned`` items seed the sources that read them; ``context`` is accepted as text."""
    body = {"query": "aliens", "context": "we talked about Arrival", "k": 5}
    plain = http.post("/v1/recommendations", json=body).json()["results"]
    talked = http.post("/v1/recommendations", json={**body, "mentioned": ["arrival-2016"]}).json()[
        "results"
    ]
    assert len(plain) == len(talked) == 5
    # the demo catalog has nothing learned; the traits source reads the mentioned items
    assert not [s for r in plain for s in r["signals"] if s["source"] == "traits"]
    traits = [s for r in talked for s in r["signals"] if s["source"] == "traits"]
    assert traits and all(s["because"] in ([], ["arrival-2016"]) for s in traits)
    assert any(s["because_titles"] == ["Arrival"] for s in traits)
    # what a pick shares with Arrival is named (a genre, a person, a decade), in the reason too
    named = [
        (r, s) for r in talked for s in r["signals"] if s["source"] == "traits" and s["shared"]
    ]
    lifted = [(r, s) for r, s in named if s["contribution"] > 0]
    assert lifted
    for result, signal in lifted:
        assert f"it shares {signal['shared'][0]}" in result["reason"]
        assert "with Arrival" in result["reason"]
    # this request's own weights: without traits, the answer is the one without mentions
    muted = {**body, "mentioned": ["arrival-2016"], "weights": {"traits": 0}}
    alike = http.post("/v1/recommendations", json=muted).json()["results"]
    assert [r["item"]["id"] for r in alike] == [r["item"]["id"] for r in plain]


def test_a_query_counts_its_words_as_a_chat_turn_does(http: httpx.Client) -> None:
    """ "a heist" fused its words at the benchmarks' weight (0.25), below the chat's (1.0): Let
    the Right One In came first. A weight the caller gives still wins."""
    body = {"query": "a heist", "k": 5}
    plain = http.post("/v1/recommendations", json=body).json()["results"]
    assert "heist" in plain[0]["item"]["text"].lower()
    chat = http.post("/v1/recommendations", json={**body, "weights": {"keywords": 1.0}}).json()
    assert [r["item"]["id"] for r in chat["results"]] == [r["item"]["id"] for r in plain]
    low = {**body, "weights": {"keywords": 0.0}}
    without = http.post("/v1/recommendations", json=low).json()["results"]
    assert not any(
        s["source"] == "keywords" and s["contribution"] for r in without for s in r["signals"]
    )


def test_what_to_avoid_is_pushed_down(http: httpx.Client) -> None:
    # every candidate: the 33 horror films of the demo catalog (the query and keyword sources
    # together propose more than 100 films of all kinds)
    body = {"query": "frightening, terrifying horror", "where": ["genres=horror"], "k": 100}
    plain = http.post("/v1/recommendations", json=body).json()["results"]
    first = plain[0]["item"]
    avoid = [first["text"]]  # whatever the first one is about
    got = http.post("/v1/recommendations", json={**body, "avoid": avoid}).json()["results"]
    ids, before = [r["item"]["id"] for r in got], [r["item"]["id"] for r in plain]
    assert set(ids) == set(before)  # re-ranked, not filtered
    assert ids.index(first["id"]) > 0
    assert all(any(s["source"] == "avoid" for s in r["signals"]) for r in got)


@pytest.mark.parametrize(
    ("body", "status", "kind"),
    [
        ({"k": "many"}, 422, "RequestError"),
        ({"user_id": "ana", "context": "hi"}, 422, "RequestError"),  # two modes
        ({"mentioned": ["no-such-film"]}, 404, "NotFoundError"),
        ({"context": "x" * 10_001}, 422, "RequestError"),
        ({"k": 0}, 422, "RequestError"),
        ({"query": "x", "colour": "red"}, 422, "RequestError"),  # unknown field
        ({"user_id": "ana", "liked": ["arrival-2016"]}, 422, "RequestError"),  # two modes
        ({"where": ["year>>1990"]}, 422, "RequestError"),
        ({"liked": ["no-such-film"]}, 404, "NotFoundError"),
        ({"user_id": "not a valid id!"}, 422, "RequestError"),
        ({"query": "x", "weights": {"traits": -1}}, 422, "RequestError"),
        ({"query": "x", "weights": {"traits": "much"}}, 422, "RequestError"),
        ({"query": "x", "weights": {"Not A Source!": 1}}, 422, "RequestError"),
        ({"query": "x", "weights": {"trait": 0}}, 422, "RequestError"),  # no such source
        ({"user_id": "ana", "weights": {"traits": 0}}, 422, "RequestError"),  # two modes
        ({"user_id": "ana", "avoid": ["gory"]}, 422, "RequestError"),  # two modes
        ({"query": "x", "avoid": "gory"}, 422, "RequestError"),  # a list
        ({"query": "x", "avoid": ["gory " * 2_001]}, 422, "RequestError"),  # too long
        ({"query": "x", "avoid": ["gory"] * 1_000}, 422, "RequestError"),  # too many
        ({"query": "x", "k": True}, 422, "RequestError"),  # not read as k=1
        ({"query": "x", "k": "3"}, 422, "RequestError"),
        ({"query": "x", "k": 3.0}, 422, "RequestError"),
        ({"query": "x", "weights": {"traits": True}}, 422, "RequestError"),
    ],
)
def test_bad_recommendation_request(
    http: httpx.Client, body: dict[str, Any], status: int, kind: str
) -> None:
    error_of(http.post("/v1/recommendations", json=body), status, kind)


def test_body_that_is_not_json_is_422(http: httpx.Client) -> None:
    reply = http.post(
        "/v1/recommendations", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    error_of(reply, 422, "RequestError")
    reply = http.post(
        "/v1/recommendations",
        content=b'{"query": "x",\n "k": ',
        headers={"Content-Type": "application/json"},
    )
    message = error_of(reply, 422, "RequestError")  # before: "body.21: JSON decode error"
    assert message == (
        "the request body is not valid JSON: Expecting value at line 2, column 7 "
        "(character 22); send one JSON object."
    )


def test_bounds_that_leave_nothing_are_422_as_in_a_profile_edit(http: httpx.Client) -> None:
    where = ["year>2020", "year<1990"]
    said = error_of(
        http.patch(f"/v1/users/{new_user()}/profile", json={"where": where}), 422, "RequestError"
    )
    body = {"query": "x", "where": where}
    message = error_of(http.post("/v1/recommendations", json=body), 422, "RequestError")
    assert message == said == "'year<1990' and 'year>2020' leave no year."  # before: no results
    params = [("query", "x"), ("where", "year>2020"), ("where", "year<1990")]
    assert error_of(http.get("/v1/items", params=params), 422, "RequestError") == said
    # a request's text constraints all apply: two on a field are no contradiction there
    body = {"query": "x", "where": ["genres=comedy", "genres=drama", "year>=1990"], "k": 3}
    results = http.post("/v1/recommendations", json=body).json()["results"]
    assert results and all(
        {"Comedy", "Drama"} <= set(r["item"]["metadata"]["genres"]) for r in results
    )


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"query": ""},
        {"query": "  "},
        {"k": 3},
        {"seen": ["arrival-2016"]},
        {"weights": {"traits": 0}},
    ],
)
def test_a_request_with_nothing_to_go_on_is_422(http: httpx.Client, body: dict[str, Any]) -> None:
    """As ``pickwise search`` with nothing is an error (before: 200 with arbitrary items, every
    one at score 0); seen ids, k or weights alone say nothing of what is wanted."""
    message = error_of(http.post("/v1/recommendations", json=body), 422, "RequestError")
    assert message.startswith("nothing to recommend from: the request has no query")
    assert '{"query": "a gentle comedy"}' in message and "user_id" in message


@pytest.mark.parametrize(
    "body",
    [
        {"query": "space"},
        {"liked": ["arrival-2016"]},
        {"disliked": ["arrival-2016"]},
        {"where": ["year>=1990"]},
        {"avoid": ["gory"]},
        {"mentioned": ["arrival-2016"]},
        {"context": "I loved Alien"},
    ],
)
def test_any_one_thing_to_go_on_is_enough(http: httpx.Client, body: dict[str, Any]) -> None:
    reply = http.post("/v1/recommendations", json={**body, "k": 3})
    assert reply.status_code == 200, reply.text
    assert len(reply.json()["results"]) == 3


def test_a_user_with_nothing_to_go_on_is_422(http: httpx.Client) -> None:
    """A user never seen, or with only seen items, and no query: a 422 saying what to send
    (before: 200 with arbitrary items); a query, or a like in the profile, is enough."""
    uid = new_user()
    for body in ({"user_id": uid}, {"user_id": uid, "query": " "}):
        message = error_of(http.post("/v1/recommendations", json=body), 422, "RequestError")
        assert message.startswith(f"nothing to recommend from: user '{uid}' has no likes")
        assert f"PATCH /v1/users/{uid}/profile" in message
    assert not http.get(f"/v1/users/{uid}/profile").is_success  # asking created no profile
    assert http.patch(f"/v1/users/{uid}/profile", json={"seen": ["up-2009"]}).is_success
    error_of(http.post("/v1/recommendations", json={"user_id": uid}), 422, "RequestError")
    body = {"user_id": uid, "query": "a gentle comedy", "k": 3}
    assert len(http.post("/v1/recommendations", json=body).json()["results"]) == 3
    for edit in ({"like": ["amelie-2001"]}, {"where": ["year>=1990"]}, {"aspects": ["lighter"]}):
        other = new_user()
        assert http.patch(f"/v1/users/{other}/profile", json=edit).is_success
        reply = http.post("/v1/recommendations", json={"user_id": other, "k": 3})
        assert reply.status_code == 200, reply.text


@pytest.mark.parametrize("params", [{}, {"k": "3"}, {"query": " "}])
def test_a_search_for_nothing_is_422(http: httpx.Client, params: dict[str, str]) -> None:
    message = error_of(http.get("/v1/items", params=params), 422, "RequestError")
    assert message.startswith("nothing to search for; give a query (GET /v1/items?query=")
    results = http.get("/v1/items", params={"where": "year>=2000", "k": "3"}).json()["results"]
    assert len(results) == 3 and all(y >= 2000 for y in years(results))


def test_recommendation_for_a_user(http: httpx.Client) -> None:
    uid = new_user()
    edit = {"like": ["arrival-2016"], "where": ["year>=1990"]}
    assert http.patch(f"/v1/users/{uid}/profile", json=edit).status_code == 200
    body = {"user_id": uid, "query": "something funny", "k": 3}
    results = http.post("/v1/recommendations", json=body).json()["results"]
    assert len(results) == 3
    assert all(y >= 1990 for y in years(results))
    assert "arrival-2016" not in [r["item"]["id"] for r in results]
    assert all(r["explanation"] and r["explained_by"] == "template" for r in results)
    # score: the pick's rank score (1 first); retrieval_score: the fused one, as a search's
    assert results[0]["score"] == 1.0
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)
    assert any(r["retrieval_score"] != r["score"] for r in results)
    plain = http.post("/v1/recommendations", json={"query": "something funny"}).json()
    assert all(r["retrieval_score"] == r["score"] for r in plain["results"])


def test_a_saved_constraint_on_a_field_this_catalog_lacks_is_left_out(
    served: Served, http: httpx.Client
) -> None:
    """Profiles are the home's: "playtime<=30", set on a games catalog of the same home, made
    every recommendation and chat turn here a 422 "unknown field 'playtime'"."""
    uid = new_user()
    served.agent.edit_profile(uid, where=[Range("playtime", max=30)])
    body = {"user_id": uid, "query": "something funny", "k": 3}
    assert len(http.post("/v1/recommendations", json=body).json()["results"]) == 3
    chat = {"model": "pickwise", "user": uid, "messages": [{"role": "user", "content": "a comedy"}]}
    reply = http.post("/v1/chat/completions", json=chat)
    assert reply.status_code == 200, reply.text
    said = reply.json()["choices"][0]["message"]["content"]
    assert "Your saved limit on playtime doesn't apply to this catalog" in said
    profile = http.get(f"/v1/users/{uid}/profile").json()
    assert "playtime<=30" in str(profile)  # kept for the catalog it was set on
    # a constraint given in the request itself is explicit input: still an error
    where = {"query": "x", "where": ["playtime<=30"]}
    message = error_of(http.post("/v1/recommendations", json=where), 422, "RequestError")
    assert "unknown field 'playtime'" in message


# --- users ----------------------------------------------------------------------------------
def test_profile_lifecycle(http: httpx.Client) -> None:
    uid = new_user()
    path = f"/v1/users/{uid}/profile"
    error_of(http.get(path), 404, "NotFoundError")
    edit = {"like": ["arrival-2016"], "where": ["year>=1990"], "aspects": ["lighter"]}
    profile = http.patch(path, json=edit).json()
    assert profile["user_id"] == uid
    assert profile["liked"] == [{"id": "arrival-2016", "title": "Arrival"}]
    assert [e["key"] for e in profile["entries"]] == [
        "liked:arrival-2016",
        "constraint:year>=1990",
        "aspect:lighter",
    ]
    assert http.get(path).json() == profile
    profile = http.patch(path, json={"remove": ["aspect:lighter"], "allow": ["year"]}).json()
    assert profile["aspects"] == [] and profile["constraints"] == []
    assert profile["liked"] == [{"id": "arrival-2016", "title": "Arrival"}]

    assert http.delete(path).status_code == 204
    error_of(http.get(path), 404, "NotFoundError")
    error_of(http.delete(path), 404, "NotFoundError")


def test_liked_people_are_shown_edited_and_removed(http: httpx.Client) -> None:
    """People the user likes are in the profile (with the catalog field they were found in),
    added by name, removed by their entry key like any other entry."""
    path = f"/v1/users/{new_user()}/profile"
    profile = http.patch(path, json={"like_people": ["denis villeneuve", "Tom Hardy"]}).json()
    assert profile["liked_people"] == [
        {"field": "directors", "value": "denis villeneuve", "name": "Denis Villeneuve"},
        {"field": "cast", "value": "tom hardy", "name": "Tom Hardy"},
    ]
    assert [(e["key"], e["label"]) for e in profile["entries"]] == [
        ("person:directors:denis villeneuve", "Denis Villeneuve"),
        ("person:cast:tom hardy", "Tom Hardy"),
    ]
    assert http.get(path).json() == profile
    profile = http.patch(path, json={"remove": ["person:cast:tom hardy"]}).json()
    assert [p["name"] for p in profile["liked_people"]] == ["Denis Villeneuve"]
    # a profile with only people is something to recommend from
    uid = path.split("/")[3]
    body = {"user_id": uid, "k": 3}
    answer = http.post("/v1/recommendations", json=body)
    assert answer.status_code == 200
    reasons = [r["reason"] for r in answer.json()["results"]]
    # liked in the profile, not named in the request: said as liked
    assert any("Denis Villeneuve, whom you like, worked on it" in r for r in reasons), reasons
    assert not any("whom you mentioned" in r for r in reasons)


def test_bounds_on_a_field_narrow_one_range(http: httpx.Client) -> None:
    """Bounds on one number field meet in one range, in one edit and across edits; the range
    as the profile prints it is accepted back."""
    path = f"/v1/users/{new_user()}/profile"
    profile = http.patch(path, json={"where": ["year>=1990", "year<=1999"]}).json()
    assert constraint_keys(profile) == ["constraint:year>=1990 and year<=1999"]
    assert profile["constraints"] == [
        {"field": "year", "op": "range", "min": 1990, "max": 1999}
        | {"min_strict": False, "max_strict": False}
    ]
    again = http.patch(path, json={"where": ["year>=1990 and year<=1999"]})
    assert again.status_code == 200 and again.json()["constraints"] == profile["constraints"]

    path = f"/v1/users/{new_user()}/profile"
    http.patch(path, json={"where": ["year>=1990"]})
    profile = http.patch(path, json={"where": ["year<2010"]}).json()
    assert constraint_keys(profile) == ["constraint:year>=1990 and year<2010"]
    message = error_of(http.patch(path, json={"where": ["year<1980"]}), 422, "RequestError")
    assert "remove 'constraint:year>=1990 and year<2010'" in message
    assert constraint_keys(http.get(path).json()) == ["constraint:year>=1990 and year<2010"]
    edit = {"remove": ["constraint:year>=1990 and year<2010"], "where": ["year<1980"]}
    assert constraint_keys(http.patch(path, json=edit).json()) == ["constraint:year<1980"]

    body = {"query": "space", "where": ["year>=1990 and year<=1999"], "k": 5}
    results = http.post("/v1/recommendations", json=body).json()["results"]
    assert results and all(1990 <= y <= 1999 for y in years(results))


def constraint_keys(profile: dict[str, Any]) -> list[str]:
    return [e["key"] for e in profile["entries"] if e["kind"] == "constraint"]


@pytest.mark.parametrize(
    ("edit", "status", "kind"),
    [
        ({"where": ["year>=2000", "year<1990"]}, 422, "RequestError"),  # no year left
        ({"where": ["genres=comedy", "genres=drama"]}, 422, "RequestError"),  # two "keep only"
        ({"where": ["genres=horror", "genres!=horror"]}, 422, "RequestError"),
        ({"where": ["language=Klingon"]}, 422, "RequestError"),  # could never match
        ({"where": ["year>=inf"]}, 422, "RequestError"),
        ({"allow": ["blah=="]}, 422, "RequestError"),  # cannot be read
        ({"allow": ["genres!=horror"]}, 422, "RequestError"),
        ({"allow": ["colour"]}, 422, "RequestError"),  # no such field
        ({"allow": ["genres"]}, 404, "NotFoundError"),  # nothing to lift
        ({"where": ["genres!=horror"], "allow": ["genres=horror"]}, 422, "RequestError"),
        ({"remove": ["aspect:never-said"]}, 404, "NotFoundError"),
        ({"like": ["no-such-film"]}, 404, "NotFoundError"),
        ({"like_people": ["Nobody Atall"]}, 422, "RequestError"),  # not in the catalog
        ({"like_people": ["  "]}, 422, "RequestError"),
        ({"remove": ["person:cast:nobody atall"]}, 404, "NotFoundError"),
        ({"where": ["year>>1990"]}, 422, "RequestError"),
        ({"like": "arrival-2016"}, 422, "RequestError"),  # not a list
        ({"likes": ["arrival-2016"]}, 422, "RequestError"),  # unknown field
        # before: 200, keeping the dislike only
        ({"like": ["amelie-2001"], "dislike": ["amelie-2001"]}, 422, "RequestError"),
    ],
)
def test_bad_profile_edit(http: httpx.Client, edit: dict[str, Any], status: int, kind: str) -> None:
    uid = new_user()
    error_of(http.patch(f"/v1/users/{uid}/profile", json=edit), status, kind)
    error_of(http.get(f"/v1/users/{uid}/profile"), 404, "NotFoundError")  # nothing was stored


def test_allow_lifts_what_the_profile_has(http: httpx.Client) -> None:
    path = f"/v1/users/{new_user()}/profile"
    http.patch(path, json={"where": ["genres!=horror,war", "year>=1990"]})
    profile = http.patch(path, json={"allow": ["genres=horror"]}).json()
    assert constraint_keys(profile) == ["constraint:genres!=war", "constraint:year>=1990"]
    message = error_of(http.patch(path, json={"allow": ["genres=comedy"]}), 404, "NotFoundError")
    assert "allow 'genres=comedy'" in message
    message = error_of(http.patch(path, json={"allow": ["blah=="]}), 422, "RequestError")
    assert "FIELD=VALUE" in message
    assert "fields are: cast, country" in error_of(
        http.patch(path, json={"allow": ["colour"]}), 422, "RequestError"
    )
    edit = {"allow": ["year"], "where": ["genres!=horror"]}  # lifts one field, adds to another
    profile = http.patch(path, json=edit).json()
    assert constraint_keys(profile) == ["constraint:genres!=horror,war"]


def test_bad_user_id_is_422(http: httpx.Client) -> None:
    error_of(http.get("/v1/users/bad%20id!/profile"), 422, "RequestError")
    error_of(http.patch("/v1/users/bad%20id!/profile", json={}), 422, "RequestError")
    long_id = "a" * 500
    for reply in (
        http.get(f"/v1/users/{long_id}/profile"),
        http.post("/v1/recommendations", json={"user_id": long_id}),
    ):
        message = error_of(reply, 422, "RequestError")
        assert message.startswith(f"user id '{'a' * 40}'... (500 characters) is not allowed")
        assert len(message) < 200


def test_the_readme_s_profile_example_runs_in_order(http: httpx.Client) -> None:
    """The README's REST calls in their order, on a user never seen."""
    path = f"/v1/users/{new_user()}/profile"
    error_of(http.get(path), 404, "NotFoundError")
    edit = {"like": ["amelie-2001"], "where": ["genres!=horror"], "aspects": ["lighter"]}
    assert http.patch(path, json=edit).status_code == 200
    profile = http.patch(path, json={"remove": ["aspect:lighter"]}).json()
    assert profile["aspects"] == [] and profile["constraints"]
    again = http.patch(path, json={"remove": ["aspect:lighter"]})  # no longer there
    assert "no profile entry 'aspect:lighter'" in error_of(again, 404, "NotFoundError")


def test_feedback_and_export(http: httpx.Client) -> None:
    uid = new_user()
    error_of(http.get(f"/v1/users/{uid}/export"), 404, "NotFoundError")
    url = f"/v1/users/{uid}/feedback"
    profile = http.post(url, json={"item_id": "amelie-2001", "liked": True}).json()
    assert [i["id"] for i in profile["liked"]] == ["amelie-2001"]
    body = {"item_id": "amelie-2001", "liked": False, "thread_id": "t1"}
    message = error_of(http.post(url, json=body), 404, "NotFoundError")  # no such thread yet
    assert "no thread 't1'" in message and "X-Pickwise-Thread" in message
    for liked in ("yes", 1, "true", None):  # before: "yes" recorded a like
        lax = {"item_id": "arrival-2016", "liked": liked}
        assert "liked" in error_of(http.post(url, json=lax), 422, "RequestError")
    chat = {"model": "pickwise", "user": uid, "messages": [{"role": "user", "content": "hi"}]}
    http.post("/v1/chat/completions", json=chat, headers={"X-Pickwise-Thread": "t1"})
    profile = http.post(url, json=body).json()
    assert profile["liked"] == [] and [i["id"] for i in profile["disliked"]] == ["amelie-2001"]
    error_of(http.post(url, json={"item_id": "no-such-film", "liked": True}), 404, "NotFoundError")
    error_of(http.post(url, json={"item_id": "amelie-2001"}), 422, "RequestError")
    error_of(http.post(url, json={**body, "thread_id": ""}), 422, "RequestError")
    other = new_user()  # another user's thread of the same name is not this user's
    http.post(
        "/v1/chat/completions", json={**chat, "user": other}, headers={"X-Pickwise-Thread": "t2"}
    )
    error_of(http.post(url, json={**body, "thread_id": "t2"}), 404, "NotFoundError")

    export = http.get(f"/v1/users/{uid}/export").json()
    assert export["profile"]["disliked"] == [{"id": "amelie-2001", "title": "Amélie"}]
    assert export["threads"] == ["t1"]  # the ids the user's chats and feedback name
    assert [(f["item_id"], f["liked"], f["thread_id"]) for f in export["feedback"]] == [
        ("amelie-2001", True, None),
        ("amelie-2001", False, "t1"),
    ]
    assert http.delete(f"/v1/users/{uid}/profile").status_code == 204
    error_of(http.get(f"/v1/users/{uid}/export"), 404, "NotFoundError")
