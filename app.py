"""Start the trainee app on the embedded defaults (offline with no API key): `python app.py`."""

from coach.ui.launch import launch

if __name__ == "__main__":
    launch()
