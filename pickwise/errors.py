"""The one error tree of pickwise.

Every error a user can meet derives from :class:`PickwiseError` and says what is wrong and how
to fix it. The CLI, the UI and the HTTP API map these to messages and status codes in one
place each.
"""

from __future__ import annotations

__all__ = [
    "BackendError",
    "CatalogError",
    "ConfigError",
    "NotFoundError",
    "PickwiseError",
    "RequestError",
    "RowError",
    "StoreError",
]


class PickwiseError(Exception):
    """Base class of every error pickwise raises on purpose."""


class ConfigError(PickwiseError):
    """A setting is missing or invalid."""


class CatalogError(PickwiseError):
    """A catalog file or catalog spec cannot be used as it is."""


class RowError(CatalogError):
    """One bad row of a catalog or interactions file, located by file, line/row and field."""

    def __init__(
        self,
        path: str,
        row: int,
        message: str,
        field: str | None = None,
        item_id: str | None = None,
    ) -> None:
        self.path = path
        self.row = row
        self.field = field
        self.reason = message
        #: The id the row gives, when it could be read: a rejected row's stored item is kept.
        self.item_id = item_id
        where = f"{path}, row {row}" + (f", field '{field}'" if field else "")
        super().__init__(f"{where}: {message}")


class StoreError(PickwiseError):
    """The vector store cannot be opened, read or written."""


class RequestError(PickwiseError):
    """A recommendation or search request is malformed (bad constraint, unknown field, bad k...)."""


class NotFoundError(PickwiseError):
    """An item, user or catalog that was asked for does not exist."""


class BackendError(PickwiseError):
    """The LLM backend cannot be started or does not answer."""
