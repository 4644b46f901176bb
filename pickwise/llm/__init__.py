"""LLM backends: the bundled local model behind a managed llama.cpp server, or any
OpenAI-compatible endpoint, both as a LangChain ``ChatOpenAI`` with JSON-constrained calls."""

from pickwise.llm.backends import (
    LOCAL_MODEL_NAME,
    OPENAI_DEFAULT_MODEL,
    OPENAI_DEFAULT_URL,
    BackendName,
    ChatBackend,
    JsonMode,
    LLMConfig,
    make_backend,
)
from pickwise.llm.local import BUNDLED_MODEL_FILE, LocalServer, default_model_path

__all__ = [
    "BUNDLED_MODEL_FILE",
    "LOCAL_MODEL_NAME",
    "OPENAI_DEFAULT_MODEL",
    "OPENAI_DEFAULT_URL",
    "BackendName",
    "ChatBackend",
    "JsonMode",
    "LLMConfig",
    "LocalServer",
    "default_model_path",
    "make_backend",
]
