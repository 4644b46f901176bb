"""Settings: the environment is read with the PICKWISE_ prefix and .env.example stays in step."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pickwise import weights_from
from pickwise.config import Settings
from pickwise.retrieval.catalog import DEFAULT_WEIGHTS

EXAMPLE = Path(__file__).resolve().parent.parent / ".env.example"
LINE = re.compile(r"^(#\s*)?PICKWISE_([A-Z0-9_]+)=(.*)$")


def example_entries() -> dict[str, tuple[bool, str, str]]:
    """name -> (commented out, value, the comment line above it)."""
    entries = {}
    lines = EXAMPLE.read_text().splitlines()
    for i, line in enumerate(lines):
        m = LINE.match(line)
        if m:
            entries[m.group(2).lower()] = (bool(m.group(1)), m.group(3), lines[i - 1])
    return entries


def test_env_example_lists_every_setting_with_a_comment() -> None:
    entries = example_entries()
    assert set(entries) == set(Settings.model_fields)
    for name, (_, _, comment) in entries.items():
        assert comment.startswith("# ") and len(comment) > 10, f"{name} needs a comment above it"


def test_env_example_values_are_the_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(f"PICKWISE_{name.upper()}", raising=False)
    defaults = Settings(_env_file=None)  # type: ignore[call-arg]
    for name, (commented, value, _) in example_entries().items():
        if commented:
            continue
        parsed = Settings(_env_file=None, **{name: value} if value else {})  # type: ignore[arg-type]
        assert getattr(parsed, name) == getattr(defaults, name), name


def test_environment_and_dotenv_are_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PICKWISE_CATALOG", "books")
    monkeypatch.setenv("PICKWISE_CHROMA_URL", "")
    monkeypatch.delenv("PICKWISE_HOME")  # the suite's own home (conftest) would win over .env
    env = tmp_path / ".env"
    env.write_text("PICKWISE_WEIGHT_DENSE=2.5\nPICKWISE_HOME=/srv/pickwise\n")
    s = Settings(_env_file=env)  # type: ignore[call-arg]
    assert (s.catalog, s.weight_dense, s.home, s.chroma_url) == (
        "books",
        2.5,
        Path("/srv/pickwise"),
        None,
    )
    assert s.store_path == Path("/srv/pickwise/chroma")


def test_invalid_setting_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PICKWISE_EMBEDDING_BATCH_SIZE", "0")
    with pytest.raises(ValueError, match="embedding_batch_size"):
        Settings(_env_file=None)  # type: ignore[call-arg]


def test_api_keys_are_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PICKWISE_API_KEYS", " key-one-secret, key-two-secret,,")
    monkeypatch.setenv("PICKWISE_ADMIN_KEYS", "")
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert (s.api_keys, s.admin_keys) == (["key-one-secret", "key-two-secret"], [])
    assert "key-one-secret" not in repr(s)  # keys stay out of logs
    assert Settings(_env_file=None, api_keys=["a"]).api_keys == ["a"]  # type: ignore[call-arg]


def test_a_catalog_opened_without_settings_fuses_with_the_settings_defaults(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``Catalog`` in Python and the configured app start from the same fusion weights."""
    for name in Settings.model_fields:
        monkeypatch.delenv(f"PICKWISE_{name.upper()}", raising=False)
    assert weights_from(Settings(_env_file=None)) == DEFAULT_WEIGHTS  # type: ignore[call-arg]
