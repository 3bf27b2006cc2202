"""Build the application from the environment, as each uvicorn worker does."""

from __future__ import annotations

from dialbook.config import Settings
from dialbook.http.app import DialbookApp
from dialbook.storage import open_store


def create_app() -> DialbookApp:
    """The application for the settings in the environment."""
    settings = Settings.from_env()
    return DialbookApp(settings, open_store(settings))
