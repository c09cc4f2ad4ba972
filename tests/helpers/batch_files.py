"""A draft and a recipients' CSV for batch tests, written as a user would have them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from tests.helpers.cli import run_cli
from tests.helpers.media_files import png_bytes

if TYPE_CHECKING:
    from rampwin_desktop.sandbox import SandboxServer


def run_batch(
    sandbox: SandboxServer, *args: str, timeout: float = 120, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``rampwin-desktop batch ARGS`` against ``sandbox`` (run in the folder ``cwd``)."""
    return run_cli("batch", *args, base_url=sandbox.base_url, timeout=timeout, cwd=cwd)


def number(index: int) -> str:
    """A distinct, valid Indian mobile number for each index, digits only."""
    return f"9198765{index:05d}"


def write_draft(
    folder: Path, body: str = "Hello {{name}}, your order is ready.", **header: str
) -> Path:
    """A draft with ``body`` and one OK button; ``header``: e.g. ``type="image"``, ``link=...``."""
    interactive: dict[str, object] = {
        "type": "button",
        "body": {"text": body},
        "action": {"buttons": [{"type": "reply", "reply": {"id": "ok", "title": "OK"}}]},
    }
    if header:
        kind = header["type"]
        interactive["header"] = {"type": kind, kind: {"link": header["link"]}}
    path = folder / "draft.json"
    path.write_text(json.dumps({"channel_id": "c1", "interactive": interactive}), encoding="utf-8")
    return path


def write_csv(folder: Path, rows: list[dict[str, str]], name: str = "people.csv") -> Path:
    """UTF-8, comma separated, the first row's keys as the header."""
    columns = list(rows[0])
    lines = [",".join(columns)] + [",".join(row[column] for column in columns) for row in rows]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def people(count: int, *, images: int = 0) -> list[dict[str, str]]:
    """``count`` rows of phone and name (and image, cycling through ``images`` files)."""
    rows = []
    for index in range(count):
        row = {"phone": number(index), "name": f"Person {index}"}
        if images:
            row["image"] = f"picture{index % images}.png"
        rows.append(row)
    return rows


def write_pictures(folder: Path, count: int) -> None:
    """``picture0.png`` … each with different contents (a different width)."""
    for index in range(count):
        (folder / f"picture{index}.png").write_bytes(png_bytes(width=4 + index))
