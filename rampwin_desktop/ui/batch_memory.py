"""Send to a list remembers the rate, "Skip rows with problems" and the phone column of the
last batch started, for the next one: in settings.json's ``batch`` section, for every
profile alike. They belong to the person and their spreadsheets, not to an account: the
same lists are sent with the sandbox profile first and a live one next, and a choice that
changed with the profile would surprise there. A phone column the next list lacks is not
used ("phone", then the first column, as before)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from rampwin_desktop.storage.settings import SettingsFile

log = logging.getLogger(__name__)

SECTION = "batch"
DEFAULT_RATE = 1.0


@dataclass(frozen=True)
class Remembered:
    rate: float = DEFAULT_RATE  # messages per second; 0: no limit
    skip_invalid: bool = False
    phone_column: str = ""  # "" until a batch was started


def recall(settings: SettingsFile) -> Remembered:
    """What was used last (the defaults for what is missing or not of its type)."""
    found = settings.section(SECTION)
    rate, skip, column = (found.get(k) for k in ("rate", "skip_invalid", "phone_column"))
    ok_rate = isinstance(rate, int | float) and not isinstance(rate, bool) and rate >= 0
    return Remembered(
        rate=float(rate) if ok_rate else DEFAULT_RATE,  # type: ignore[arg-type]
        skip_invalid=skip if isinstance(skip, bool) else False,
        phone_column=column if isinstance(column, str) else "",
    )


def remember(settings: SettingsFile, chosen: Remembered) -> None:
    """Kept for the next batch (a few bytes, written whole on the GUI thread, as the
    window's other settings are); a file that cannot be written only loses them."""
    values = {
        "rate": chosen.rate,
        "skip_invalid": chosen.skip_invalid,
        "phone_column": chosen.phone_column,
    }
    try:
        settings.set_values(SECTION, values)
    except OSError as error:
        log.warning("could not keep the batch options in the settings: %s", error)
