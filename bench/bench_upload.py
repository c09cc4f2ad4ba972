"""Upload throughput and peak memory against the sandbox over loopback."""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from rampwin_desktop.api.client import RampwinClient
from rampwin_desktop.sandbox import SandboxServer


def main(size_mb: int = 50) -> None:
    size = size_mb * 1_000_000
    with tempfile.TemporaryDirectory() as folder, SandboxServer() as sandbox:
        document = Path(folder) / "catalogue.pdf"
        with document.open("wb") as stream:
            stream.write(b"%PDF-1.4\n")
            stream.truncate(size)
        callbacks = 0

        def progress(sent: int, total: int) -> None:
            nonlocal callbacks
            callbacks += 1

        with RampwinClient(sandbox.api_key, base_url=sandbox.base_url) as api:
            tracemalloc.start()
            started = time.perf_counter()
            api.upload_media(document, progress=progress)
            elapsed = time.perf_counter() - started
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
    print(f"upload {size_mb} MB to the sandbox: {elapsed:.2f} s = {size_mb / elapsed:.0f} MB/s")
    print(f"progress callbacks: {callbacks}; peak traced memory: {peak / 1e6:.2f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
