"""Rampwin Desktop: compose, preview and send WhatsApp interactive button messages."""

APP_NAME = "Rampwin Desktop"
APP_ID = "rampwin-desktop"

# The one place the version is written; pyproject.toml reads it from here.
__version__ = "0.2.0"
