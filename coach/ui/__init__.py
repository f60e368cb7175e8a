"""The Gradio front end (the only package that imports gradio). Nothing launches at import."""

from coach.ui.app import build_app

__all__ = ["build_app"]
