"""The Gradio front end (the only package that imports gradio). Nothing launches at import.

This init imports nothing: coach.trainer.exports draws with coach.ui.chart, and importing the whole app here
would pull gradio (and the trainer tab, which imports coach.trainer.exports back) into every such import. The
app factory is coach.ui.app.build_app; the launcher is coach.ui.launch.launch.
"""
