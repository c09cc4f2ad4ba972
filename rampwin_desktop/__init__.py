"""Rampwin Desktop: compose, preview and send WhatsApp interactive button messages."""

from importlib import metadata as _metadata

APP_NAME = "Rampwin Desktop"
APP_ID = "rampwin-desktop"

try:
    __version__ = _metadata.version("rampwin-desktop")
except _metadata.PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+source"
