"""The Gradio web UI: ``build_ui(agent)`` returns the app that ``pickwise serve`` mounts."""

from pickwise.ui.app import build_ui

__all__ = ["build_ui"]
