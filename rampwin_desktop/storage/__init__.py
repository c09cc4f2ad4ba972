"""Everything the app keeps: files in its folders and secrets in the keyring. No Qt.

``paths`` says where; ``settings`` and ``profiles`` are the settings file the window and
the command line share; ``keystore`` is the keyring; ``history``, ``upload_cache``,
``autosave`` and ``drafts`` are the other files; ``atomic`` and ``file_lock`` keep them whole.
"""
