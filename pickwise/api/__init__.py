"""The HTTP API: an OpenAI-compatible chat endpoint and a REST API over the agent (FastAPI).

from pickwise.api import create_app
app = create_app(Pickwise.open(), api_keys=["secret"])   # serve with uvicorn
"""

from pickwise.api.app import create_app

__all__ = ["create_app"]
