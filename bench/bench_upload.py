"""Uploads to the sandbox over loopback: the app's client against ``curl -F``, same run.

The sandbox runs in its own process (``rampwin-desktop sandbox``), so the client and curl
meet the same server. Files: a 4.9 MB PNG (the image limit is 5 MB) and a 100 MB PDF (the
document limit). Times are the transfer alone: curl's ``time_total``, and the client's
``upload_media`` call in a fresh process, on a new connection, after one untimed upload
that runs Python's first-call code paths (so its memory can be read too: the peak resident
set during the 100 MB upload, minus the resident set before it). curl runs with ``Expect:``
(no 100-continue wait, which the sandbox does not answer).
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

from bench.common import Row, median, parse_args, report, venv_executable

API_KEY = "bench-key"

CLIENT = r"""
import json, sys, time
from pathlib import Path
from rampwin_desktop.api.client import RampwinClient

def status(field):
    with open("/proc/self/status") as lines:
        return next(int(l.split()[1]) for l in lines if l.startswith(field))

path, base_url, key = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
calls = 0
def progress(sent, total):
    global calls
    calls += 1
with RampwinClient(key, base_url=base_url) as api:
    api.upload_media(path)  # warm-up: code paths run once per process (not timed)
with RampwinClient(key, base_url=base_url) as api:  # a new connection, as curl makes
    before = status("VmRSS:")
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")  # reset the peak (VmHWM) to now
    started = time.perf_counter()
    api.upload_media(path, progress=progress)
    elapsed = time.perf_counter() - started
    peak = status("VmHWM:")
print(json.dumps({"seconds": elapsed, "rss_before_kb": before, "peak_kb": peak, "calls": calls}))
"""


def png(path: Path, width: int, height: int) -> None:
    """A real, valid PNG of noise, stored uncompressed so its size is what we ask for."""
    raw = b"".join(b"\x00" + os.urandom(width * 3) for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 0))
        + chunk(b"IEND", b"")
    )


def pdf(path: Path, size: int) -> None:
    with path.open("wb") as stream:
        stream.write(b"%PDF-1.4\n")
        stream.write(os.urandom(min(size, 1 << 20) - 9))
        stream.truncate(size - 6)
        stream.seek(0, 2)
        stream.write(b"%%EOF\n")


def start_sandbox() -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [venv_executable("rampwin-desktop"), "sandbox", "--api-key", API_KEY],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    if "running at" not in first:
        process.kill()
        sys.exit(f"the sandbox did not start: {first!r}")
    return process, first.split("running at", 1)[1].strip()


def with_client(path: Path, base_url: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", CLIENT, str(path), base_url, API_KEY],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"the client failed:\n{done.stderr[-2000:]}")
    result: dict[str, float] = json.loads(done.stdout)
    return result


def with_curl(path: Path, mime: str, base_url: str) -> float:
    command = ["curl", "-sS", "--fail", "-o", "/dev/null", "-w", "%{time_total}"]
    command += ["-H", f"X-API-Key: {API_KEY}", "-F", f"file=@{path};type={mime}"]
    command += ["-H", "Expect:"]  # else curl waits 1 s for a "100 Continue" the sandbox never sends
    done = subprocess.run(
        [*command, base_url + "/api/media/upload"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"curl failed: {done.stderr}")
    return float(done.stdout)


def main() -> int:
    args = parse_args(__doc__ or "", runs=5)
    folder = Path(tempfile.mkdtemp(prefix="bench-upload-"))
    image, document = folder / "header.png", folder / "catalogue.pdf"
    if args.smoke:
        png(image, 64, 64)
        pdf(document, 200_000)
    else:
        png(image, 1280, 1270)
        pdf(document, 100_000_000)
    sandbox, base_url = start_sandbox()
    rows: list[Row] = []
    extra: dict[str, object] = {}
    try:
        for label, path, mime in (
            ("PNG", image, "image/png"),
            ("PDF", document, "application/pdf"),
        ):
            size_mb = path.stat().st_size / 1e6
            client_s: list[float] = []
            curl_s: list[float] = []
            memory_mb: list[float] = []
            for index in range(args.runs + (0 if args.smoke else 1)):
                first_curl = index % 2 == 0
                outcome_curl = with_curl(path, mime, base_url) if first_curl else 0.0
                client = with_client(path, base_url)
                if not first_curl:
                    outcome_curl = with_curl(path, mime, base_url)
                if index == 0 and not args.smoke:
                    continue  # warm-up: the file cache, the sandbox's first request
                client_s.append(client["seconds"] * 1000)
                curl_s.append(outcome_curl * 1000)
                memory_mb.append((client["peak_kb"] - client["rss_before_kb"]) / 1024)
            c, b = median(client_s), median(curl_s)
            rows.append(
                Row(
                    f"upload {size_mb:.1f} MB {label}, client",
                    c,
                    "ms",
                    b,
                    "curl -F, same sandbox, same run",
                    "≤ 1.25×",
                    c <= 1.25 * b,
                    client_s,
                )
            )
            extra[f"{label}_curl_ms"] = curl_s
            extra[f"{label}_throughput_mb_s"] = size_mb / (c / 1000)
            if label == "PDF":
                peak = median(memory_mb)
                rows.append(
                    Row(
                        f"peak memory during the {size_mb:.0f} MB upload",
                        peak,
                        "MB",
                        target="≤ 16 MB",
                        passed=peak <= 16,
                        samples=memory_mb,
                    )
                )
    finally:
        sandbox.terminate()
        sandbox.wait(timeout=10)
    ok = report("upload", rows, args, **extra)
    return 0 if ok or args.smoke else 1


if __name__ == "__main__":
    sys.exit(main())
