"""Lists of recipients written as real CSV files, the way spreadsheets export them."""

from __future__ import annotations

import csv
import io
from pathlib import Path


def write_csv(
    path: Path,
    header: list[str],
    rows: list[list[str]],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    bom: bool = False,
) -> Path:
    """Write ``header`` and ``rows`` to ``path`` (CRLF line ends, quotes where needed).

    ``bom`` puts a byte order mark first in ``encoding``: Excel's "CSV UTF-8" is
    ``bom=True``; its UTF-16 export is ``encoding="utf-16-le", delimiter=";", bom=True``
    (or "\\t").
    """
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    text = ("\ufeff" if bom else "") + out.getvalue()
    path.write_bytes(text.encode(encoding))
    return path


def numbers(count: int, *, start: int = 0) -> list[str]:
    """``count`` different valid numbers (UK mobiles), as digits with their country code."""
    return [f"44791{index:07d}" for index in range(start, start + count)]
