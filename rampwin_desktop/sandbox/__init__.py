"""A fake Rampwin that speaks real HTTP on 127.0.0.1, for tests, demos and offline work."""

from rampwin_desktop.sandbox.faults import Fault
from rampwin_desktop.sandbox.server import SandboxServer

__all__ = ["Fault", "SandboxServer"]
