"""The composer window (PySide6). Talks to core/ and api/ through small functions and signals."""
