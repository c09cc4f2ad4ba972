"""The composer window (PySide6): widgets wired to the engine in ``app/``. Start-up: ``boot.py``."""
