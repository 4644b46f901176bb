"""The HTTP API fuzzed from its own OpenAPI schema (schemathesis) on a real server: whatever a
client sends, the answer is never a 500 and the server never falls over, with and without API
keys."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from tests.api.conftest import Served, served_agent

EXAMPLES = 30  # per operation: the two tests take ~30 s together
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
USER_KEY = "user-key"


@pytest.fixture(scope="module")
def fuzz_home(demo_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo home: the fuzzer's users and profiles stay out of the shared one."""
    home = tmp_path_factory.mktemp("fuzz") / "home"
    shutil.copytree(demo_home, home)
    return home


@pytest.fixture(scope="module")
def open_server(fuzz_home: Path) -> Iterator[Served]:
    with served_agent(fuzz_home) as s:
        yield s


@pytest.fixture(scope="module")
def keyed_server(fuzz_home: Path) -> Iterator[Served]:
    keys = ["service-key", f"{USER_KEY}:fuzzer"]
    with served_agent(fuzz_home, api_keys=keys, admin_keys=["admin-key"]) as s:
        yield s


def fuzz(served: Served, headers: dict[str, str] | None = None) -> list[str]:
    """Every operation of the served schema, ``EXAMPLES`` cases each; the failures found."""
    schema = schemathesis.openapi.from_url(f"{served.url}/openapi.json")
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @FUZZ
        @given(operation.as_strategy())
        def check(case: Any) -> None:
            case.call_and_validate(
                base_url=served.url, headers=headers, checks=[not_a_server_error], timeout=30
            )
            if headers and case.path.startswith("/v1"):  # and without the key: 401 or 413
                bare = case.call(base_url=served.url, timeout=30)
                assert bare.status_code in (401, 413), f"{case.path}: {bare.status_code}"

        try:
            check()
        except (Exception, BaseExceptionGroup) as exc:  # collect: report every broken operation
            failures.append(f"{operation.label}: {exc}")
    return failures


@pytest.mark.slow
def test_no_server_errors(open_server: Served) -> None:
    failures = fuzz(open_server)
    assert not failures, "\n\n".join(failures)


@pytest.mark.slow
def test_no_server_errors_with_keys(keyed_server: Served) -> None:
    # a user's key: most calls are for other users (403), some for its own ("fuzzer" is rarely
    # generated); none may be a 500, and none answers without the key
    failures = fuzz(keyed_server, {"Authorization": f"Bearer {USER_KEY}"})
    assert not failures, "\n\n".join(failures)


TEXT = st.text(max_size=60)
PART = st.one_of(
    st.fixed_dictionaries({"type": st.just("text"), "text": TEXT}),
    st.dictionaries(st.sampled_from(["type", "text", "image_url"]), st.one_of(TEXT, st.none())),
)
MESSAGE = st.fixed_dictionaries(
    {
        "role": st.one_of(st.sampled_from(["user", "assistant", "system", "tool"]), TEXT),
        "content": st.one_of(TEXT, st.none(), st.lists(PART, max_size=3)),
    }
)
HEADER = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=140).map(str.strip)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    messages=st.lists(MESSAGE, min_size=1, max_size=4),
    user=st.one_of(st.none(), st.sampled_from(["ana", "fuzzer"]), TEXT),
    thread=st.one_of(st.none(), HEADER),
    stream=st.booleans(),
)
def test_chat_completions_never_fail(
    open_server: Served,
    messages: list[dict[str, Any]],
    user: str | None,
    thread: str | None,
    stream: bool,
) -> None:
    """The schema fuzzer rarely names the model; here every request does, so turns run."""
    body = {"model": "pickwise", "messages": messages, "user": user, "stream": stream}
    headers = {"X-Pickwise-Thread": thread} if thread is not None else {}
    with open_server.client() as http:
        reply = http.post("/v1/chat/completions", json=body, headers=headers)
    assert reply.status_code in (200, 404, 422), reply.text
    assert "InternalError" not in reply.text
