"""The engine's sentences as a command says them.

The window and the command line share the engine's errors, which name the window's way to
fix them ("check the key in Settings"). A command has no Settings: it names its own ways
(the environment variables, ``profile set-key``) and where the key it used came from.
"""

from __future__ import annotations

from rampwin_desktop.api.errors import CHECK_ADDRESS, CHECK_KEY, COOKIE_FIELD, ENTER_KEY
from rampwin_desktop.app.credentials import ENV_API_KEY, ENV_BASE_URL, env_api_key, env_base_url


def for_the_command_line(said: str, profile: str) -> str:
    """``said`` with each "in Settings" turned into what a command line user does."""
    if env_api_key():
        key = f"the key came from ${ENV_API_KEY}, which overrides the profile's"
    else:
        key = f"the one `rampwin-desktop profile set-key {profile}` stored"
    address = f"--base-url, ${ENV_BASE_URL} or `rampwin-desktop profile set {profile} --base-url`"
    for window_says, command_says in (
        (CHECK_KEY, f"check the key ({key})."),
        (CHECK_ADDRESS, f"check the address ({address})."),
        (
            ENTER_KEY,
            f"set ${ENV_API_KEY}, or store one with `rampwin-desktop profile set-key {profile}`.",
        ),
        (COOKIE_FIELD, f"The cookie of profile {profile!r}"),
    ):
        said = said.replace(window_says, command_says)
    return _address_source(said)


def _address_source(said: str) -> str:
    """A failure to reach the server says where its address came from when it was
    ``$RAMPWIN_BASE_URL``, which overrides the profile's (a newcomer read "Could not connect
    to 127.0.0.1:9" and looked at the profile, which said 8765)."""
    from_env = env_base_url()
    host = from_env.split("://", 1)[-1].rstrip("/")
    if not from_env or f" {host}" not in said:
        return said
    return f"{said} (The address came from ${ENV_BASE_URL}, which overrides the profile's.)"
