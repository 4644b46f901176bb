"""The one place where errors become HTTP status codes and the error body.

Every error answer has the body ``{"error": {"type": ..., "message": ...}}`` (the shape OpenAI's
clients read): pickwise's own errors, FastAPI's request validation and HTTP errors such as 401.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from pickwise.errors import (
    BackendError,
    CatalogError,
    NotFoundError,
    PickwiseError,
    RequestError,
    StoreError,
)

__all__ = ["RETRY_AFTER_SECONDS", "error_body", "install_error_handlers", "status_of"]

log = logging.getLogger(__name__)

#: What a 503 asks the client to wait before trying again.
RETRY_AFTER_SECONDS = 5

_STATUS: tuple[tuple[type[PickwiseError], int], ...] = (
    (RequestError, 422),
    (CatalogError, 422),
    (NotFoundError, 404),
    (BackendError, 503),
    (StoreError, 503),
)


def status_of(exc: PickwiseError) -> int:
    """The status code of a pickwise error: 422, 404, 503, else 500."""
    return next((code for kind, code in _STATUS if isinstance(exc, kind)), 500)


def error_body(kind: str, message: str) -> dict[str, Any]:
    return {"error": {"type": kind, "message": message}}


#: The library's advice names CLI commands; over HTTP the same advice names the endpoint.
_OVER_HTTP = (("`pickwise search`", "GET /v1/items?query=WORDS"),)


def _pickwise_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, PickwiseError)
    status = status_of(exc)
    if status == 500:
        log.error("pickwise error on %s %s: %s", request.method, request.url.path, exc)
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)} if status == 503 else None
    message = str(exc)
    for cli, http in _OVER_HTTP:
        message = message.replace(cli, http)
    return JSONResponse(error_body(type(exc).__name__, message), status, headers=headers)


def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    broken = next((e for e in errors if e.get("type") == "json_invalid"), None)
    if broken is not None:
        return JSONResponse(error_body("RequestError", _not_json(broken, exc.body)), 422)
    problems = [
        f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" if e.get("loc") else e["msg"]
        for e in errors
    ]
    message = "invalid request: " + "; ".join(problems) + ". See /docs for the schema."
    return JSONResponse(error_body("RequestError", message), 422)


def _not_json(error: dict[str, Any], body: Any) -> str:
    """Where and why the body is not JSON: FastAPI says ``body.14: JSON decode error``."""
    why = str((error.get("ctx") or {}).get("error") or "cannot be read")
    at = error["loc"][-1] if error.get("loc") else None
    where = ""
    if isinstance(at, int):
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body or "")
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        where = f" at line {line}, column {column} (character {at + 1})"
    return f"the request body is not valid JSON: {why}{where}; send one JSON object."


def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    phrase = HTTPStatus(exc.status_code).phrase
    message = str(exc.detail)
    if exc.status_code in (404, 405) and message == phrase:  # the router's: no path, or method
        message = f"{phrase}: {request.method} {request.url.path}; /docs lists the API's paths."
    kind = phrase.replace(" ", "").replace("-", "")
    return JSONResponse(error_body(kind, message), exc.status_code, headers=dict(exc.headers or {}))


def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    # Starlette re-raises the exception after this answer, so the server logs the traceback
    return JSONResponse(
        error_body("InternalError", "internal error; the server log has the details."), 500
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(PickwiseError, _pickwise_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)
