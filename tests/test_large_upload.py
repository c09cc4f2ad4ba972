"""A 50 MB upload streams: memory stays flat on both ends of the wire."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from rampwin_desktop.api.client import RampwinClient
from rampwin_desktop.sandbox import SandboxServer
from tests.helpers import media_files

SIZE = 50_000_000


def test_50_mb_upload_keeps_memory_flat(sandbox: SandboxServer, tmp_path: Path) -> None:
    document = media_files.pdf(tmp_path, "catalogue.pdf")
    with document.open("r+b") as stream:  # sparse: no 50 MB buffer in the test either
        stream.truncate(SIZE)
    progress: list[int] = []

    with RampwinClient(sandbox.api_key, base_url=sandbox.base_url) as api:
        tracemalloc.start()
        url = api.upload_media(document, progress=lambda sent, total: progress.append(sent))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

    (stored,) = sandbox.uploads()
    assert stored.size == SIZE and url.endswith("/catalogue.pdf")
    assert len(progress) > 100 and progress[-1] > SIZE
    # Client and sandbox both run in this process, so both must stream.
    assert peak < 5_000_000, f"peak {peak / 1e6:.1f} MB for a {SIZE / 1e6:.0f} MB upload"
