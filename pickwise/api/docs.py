"""``/docs``: Swagger UI served from this machine, or a page that says why it is not there.

FastAPI's own ``/docs`` loads Swagger UI's JavaScript and CSS from a CDN, so offline it was a
blank page, and pickwise downloads nothing at run time. The files come from the
``swagger-ui-bundle`` package when it is installed; without it, ``/docs`` says how to get it
and points to ``/openapi.json``, which is always served.
"""

from __future__ import annotations

import html
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.staticfiles import StaticFiles

__all__ = ["DOCS_ASSETS", "DOCS_SCHEMA", "install_docs", "swagger_ui_files"]

#: Where Swagger UI's files are served.
DOCS_ASSETS = "/docs/assets"
#: The schema as the bundled Swagger UI reads it (``/openapi.json`` stays the real one).
DOCS_SCHEMA = "/docs/openapi.json"
SWAGGER_UI_OPENAPI = "3.0.3"

_MISSING = """\
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}: API docs</title></head>
<body style="font-family: sans-serif; max-width: 44rem; margin: 2rem auto; line-height: 1.5">
<h1>{title} API docs</h1>
<p>The interactive docs (Swagger UI) are not installed here: pickwise downloads nothing at run
time, and Swagger UI's JavaScript comes in the Python package <code>swagger-ui-bundle</code>.
Install it where pickwise runs (<code>pip install swagger-ui-bundle</code>) and restart the
server to see them at this address.</p>
<p>Meanwhile the API's OpenAPI schema is at <a href="{openapi}">{openapi}</a>: every path, body
and error, for any OpenAPI viewer or client generator. The README's "HTTP API" section describes
the same endpoints with examples.</p>
</body></html>
"""


def swagger_ui_files() -> Path | None:
    """The folder of Swagger UI's files from the ``swagger-ui-bundle`` package, if installed."""
    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError:
        return None
    folder = Path(str(swagger_ui_path))
    return folder if (folder / "swagger-ui-bundle.js").is_file() else None


def install_docs(app: FastAPI, files: Path | None) -> None:
    """``/docs`` on ``app`` (made with ``docs_url=None``): Swagger UI from ``files``, or the
    page that says it is not installed."""
    title = html.escape(app.title)
    openapi = app.openapi_url or "/openapi.json"
    if files is not None:
        app.mount(DOCS_ASSETS, StaticFiles(directory=files), name="docs-assets")

    @app.get(DOCS_SCHEMA, include_in_schema=False)
    def schema_for_swagger_ui() -> JSONResponse:
        # the bundled Swagger UI (4.x) renders OpenAPI 3.0 only and refuses FastAPI's "3.1.0"
        # ("Unable to render this definition"); the same schema, labelled 3.0, renders
        return JSONResponse({**app.openapi(), "openapi": SWAGGER_UI_OPENAPI})

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        if files is None:
            return HTMLResponse(_MISSING.format(title=title, openapi=html.escape(openapi)))
        return get_swagger_ui_html(
            openapi_url=DOCS_SCHEMA,
            title=f"{app.title}: API docs",
            swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{DOCS_ASSETS}/favicon-32x32.png",
        )
