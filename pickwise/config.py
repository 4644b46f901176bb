"""Settings: one typed object, read from the environment (prefix ``PICKWISE_``) and ``.env``.

Only the edges (CLI, UI, HTTP server) build a :class:`Settings`; library code takes plain arguments.
Every field is listed in ``.env.example`` with its default; a test keeps the two in step.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import platformdirs
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

__all__ = ["DEFAULT_EMBEDDING_MODEL", "Settings"]

DEFAULT_EMBEDDING_MODEL = "all-MiniLM-L6-v2"


def _default_home() -> Path:
    return platformdirs.user_data_path("pickwise")


class Settings(BaseSettings):
    """Everything pickwise can be configured with."""

    model_config = SettingsConfigDict(
        env_prefix="PICKWISE_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    # Where things live
    home: Path = Field(
        default_factory=_default_home, description="Folder for the store and caches."
    )
    catalog: str = Field(default="demo", description="Name of the catalog to use.")

    # Embeddings
    embedding_model: str = Field(
        default=DEFAULT_EMBEDDING_MODEL,
        description="sentence-transformers model name or local path.",
    )
    embedding_batch_size: int = Field(default=64, ge=1, description="Texts per encode batch.")
    embedding_device: str | None = Field(
        default=None, description="Torch device (cpu, cuda...); empty picks a GPU when present."
    )

    # Chroma
    chroma_url: str | None = Field(
        default=None, description="URL of a Chroma server; empty uses the local store in home."
    )
    chroma_host: str | None = Field(default=None, description="Chroma server host (or use URL).")
    chroma_port: int = Field(default=8000, description="Chroma server port, with chroma_host.")

    # Candidate retrieval and fusion
    weight_dense: float = Field(default=1.0, ge=0, description="Fusion weight: query similarity.")
    weight_item: float = Field(default=0.5, ge=0, description="Fusion weight: like liked items.")
    weight_collab: float = Field(default=1.0, ge=0, description="Fusion weight: co-interactions.")
    weight_popularity: float = Field(default=0.1, ge=0, description="Fusion weight: popularity.")
    candidates_per_source: int = Field(
        default=100, ge=1, description="Candidates each source contributes before fusion."
    )

    # LLM backend
    llm_backend: Literal["local", "openai", "none"] | None = Field(
        default=None,
        description="local (bundled model), openai (any OpenAI-compatible server) or none; "
        "empty means openai when a base URL is set, else local.",
    )
    llm_base_url: str | None = Field(default=None, description="OpenAI-compatible endpoint URL.")
    llm_api_key: str | None = Field(default=None, description="API key for the endpoint.")
    llm_model: str | None = Field(default=None, description="Model name at the endpoint.")
    llm_timeout: float | None = Field(
        default=None,
        gt=0,
        description="Seconds before an LLM call fails; empty: 10 for local, 30 for openai.",
    )
    llm_max_retries: int = Field(default=1, ge=0, description="Retries of a failed LLM call.")
    llm_temperature: float = Field(default=0.0, ge=0, le=2, description="Sampling temperature.")
    local_model_path: str | None = Field(
        default=None, description="GGUF file for the local backend; empty uses the bundled one."
    )
    local_context: int = Field(default=4096, ge=512, description="Local model context tokens.")
    local_threads: int | None = Field(
        default=None,
        ge=1,
        description="CPU threads for the local model; empty: all cores but one (at least 1).",
    )

    # Conversation, re-ranking and explanations
    noun: str = Field(
        default="",
        description="What the chat calls an item (book, game...); empty: film for a film "
        "catalog (the demo, one with directors, cast or runtimes), else item.",
    )
    picks: int = Field(default=5, ge=1, le=20, description="Recommendations per reply.")
    rerank_candidates: int = Field(
        default=20, ge=1, le=100, description="Candidates the LLM re-ranks per turn."
    )
    local_rerank_candidates: int = Field(
        default=8, ge=1, le=100, description="Candidates the local model sees (it is slow)."
    )
    llm_explanations: Literal["auto", "on", "off"] = Field(
        default="auto",
        description="LLM-written explanations; auto: on for openai, off for the local model.",
    )
    rerank_weight_local: float = Field(
        default=0.0,
        ge=0,
        le=1,
        description="Weight of the LLM's order vs retrieval, local model (0: not asked).",
    )
    rerank_weight_openai: float = Field(
        default=0.5, ge=0, le=1, description="Weight of the LLM's order vs retrieval, openai."
    )
    llm_extraction: Literal["auto", "on", "off"] = Field(
        default="auto",
        description="LLM profile extraction on top of the rules; auto: on for openai only.",
    )

    # HTTP server
    host: str = Field(default="127.0.0.1", description="Address `pickwise serve` listens on.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port of `pickwise serve`.")
    api_keys: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        repr=False,
        description="API keys (comma-separated); when set, every /v1 call needs one.",
    )
    admin_keys: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        repr=False,
        description="Admin API keys (comma-separated); the same rights as API keys for now.",
    )

    # Sources learned from past conversations (`pickwise learn`); defaults tuned on ReDial by CV
    weight_comention: float = Field(
        default=1.0, ge=0, description="Fusion weight: items mentioned together in past chats."
    )
    weight_context: float = Field(
        default=1.0, ge=0, description="Fusion weight: conversation-to-item ridge model."
    )
    weight_neighbours: float = Field(
        default=0.25, ge=0, description="Fusion weight: items of the nearest past conversations."
    )
    weight_recommended: float = Field(
        default=0.5, ge=0, description="Fusion weight: how often past chats recommended it."
    )
    weight_mentioned: float = Field(
        default=3.0, ge=0, description="Fusion weight: items that came up earlier in the chat."
    )
    weight_alike: float = Field(
        default=1.0, ge=0, description="Fusion weight: like the items that came up in the chat."
    )
    weight_people: float = Field(
        default=2.0, ge=0, description="Fusion weight: featuring people named in the chat."
    )
    weight_genres: float = Field(
        default=1.0, ge=0, description="Fusion weight: of a genre named in the chat."
    )
    weight_traits: float = Field(
        default=1.0,
        ge=0,
        description="Fusion weight: shares genres, people or era with the items in the chat.",
    )
    weight_keywords: float = Field(
        default=0.25,
        ge=0,
        description="Fusion weight: the request's own words found in the item text (BM25).",
    )
    weight_keywords_chat: float = Field(
        default=1.0,
        ge=0,
        description="Fusion weight of `keywords` in chat turns and REST queries (the request "
        "itself).",
    )
    weight_avoid: float = Field(
        default=1.0,
        ge=0,
        description="Fusion weight: pushes down items most like what the chat would avoid.",
    )
    weight_disliked: float = Field(
        default=0.5, ge=0, description="Fusion weight: pushes down items like disliked ones."
    )

    # The bounded queue in front of the LLM (`pickwise serve`)
    max_turns: int = Field(
        default=0,
        ge=0,
        description="Turns that may call the LLM at once (0: 1 for local, 4 otherwise).",
    )
    turn_wait: float = Field(
        default=2.0, ge=0, description="Seconds a turn waits for a slot before a 503."
    )

    @field_validator("api_keys", "admin_keys", mode="before")
    @classmethod
    def _split_keys(cls, value: object) -> object:
        """``a,b`` in the environment; a list from Python."""
        if isinstance(value, str):
            return [k.strip() for k in value.split(",") if k.strip()]
        return value

    @field_validator(
        "embedding_device",
        "chroma_url",
        "chroma_host",
        "llm_backend",
        "llm_base_url",
        "llm_api_key",
        "llm_model",
        "llm_timeout",
        "local_model_path",
        "local_threads",
        mode="before",
    )
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @property
    def resolved_llm_backend(self) -> Literal["local", "openai", "none"]:
        """The backend in force: an explicit choice, else openai when a base URL is set."""
        if self.llm_backend:
            return self.llm_backend
        return "openai" if self.llm_base_url else "local"

    @property
    def store_path(self) -> Path:
        """Folder of the embedded Chroma store."""
        return self.home / "chroma"

    @property
    def cache_path(self) -> Path:
        """Folder of derived caches (vector snapshots, interaction models)."""
        return self.home / "cache"
