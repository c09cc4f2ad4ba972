"""Whether an address names this computer (localhost, 127.0.0.1, ::1): plain http is allowed
only there, and a server elsewhere cannot fetch a link there."""

from __future__ import annotations

import ipaddress


def is_loopback_host(host: str) -> bool:
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
