"""Once per start, the app's files made the user's alone again (0600, folders 0700).

Versions before this one created them with the umask (0644 and 0755 on most systems), and
they hold phone numbers, message bodies and the log. The window runs this after its first
paint (``ui/start.py``), each command but ``sandbox`` before it runs (``cli/__init__.py``).
The folders of versions before 0.2 (``settings.ini`` and the history they kept) are
included. Drafts are the user's documents, elsewhere, and are never touched.
"""

from __future__ import annotations

import logging
from pathlib import Path

from rampwin_desktop.storage import legacy, paths, private

log = logging.getLogger(__name__)


def tighten_app_files() -> list[Path]:
    """Make every file in the app's folders 0600 and every folder 0700; what changed."""
    folders = [*paths.app_folders(), legacy.qt_config_dir(), legacy.qt_data_dir()]
    changed: list[Path] = []
    walked: list[Path] = []
    for folder in folders:
        if not any(folder.is_relative_to(done) for done in walked):
            walked.append(folder)
            changed += private.tighten_tree(folder)
    if changed:
        log.info("made %d files and folders readable by their owner only", len(changed))
    return changed
