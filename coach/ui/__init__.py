"""The Gradio front end (the only package that imports gradio). Nothing launches at import.

This init imports nothing: importing the whole app here would pull gradio into every import of a ui
module. The app factory is coach.ui.app.build_app; the launcher is coach.ui.launch.launch.
"""
