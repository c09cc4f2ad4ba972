"""A number of things as a sentence says it: "1 row", "3 rows", "1,000 rows"."""

from __future__ import annotations


def counted(number: int, noun: str) -> str:
    """``number`` and ``noun``, made plural with an "s" unless it is one."""
    return f"{number:,} {noun}" if number == 1 else f"{number:,} {noun}s"
