"""Exit codes every command shares (``send``'s, documented in the README)."""

from __future__ import annotations

from rampwin_desktop.api.errors import (
    AuthenticationError,
    CancelledError,
    ConfigurationError,
    RampwinError,
    RejectedError,
)

OK = 0
INVALID = 2  # invalid input: nothing was uploaded, sent or changed
AUTH = 3  # no API key, the key was refused, or no usable keyring
REFUSED = 4  # Rampwin refused the message
NETWORK = 5  # network failure, timeout or server error
INTERRUPTED = 130
BROKEN_PIPE = 141  # a shell's status for a command its reader stopped (128 + SIGPIPE)


def for_error(error: RampwinError) -> int:
    if isinstance(error, ConfigurationError):
        return INVALID
    if isinstance(error, AuthenticationError):
        return AUTH
    if isinstance(error, RejectedError | CancelledError):
        return REFUSED
    return NETWORK
