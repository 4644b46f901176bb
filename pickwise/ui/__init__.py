"""The Gradio web UI: ``build_ui(agent)`` returns the app that ``pickwise serve`` mounts
(with ``mount_options()``)."""

from pickwise.ui.app import build_ui, mount_options

__all__ = ["build_ui", "mount_options"]
