"""What every sandbox request goes through before its route: the ``Host`` it names, the key,
the length its body declares, a client that falls silent, and how answers are written.

The sandbox listens on 127.0.0.1, where any web page the user opens can reach it. A page on
another site can name itself in ``Host`` (DNS rebinding) and send plain-text or form bodies
without the key; neither gets an answer here. A body is read only up to the length it
declares and only if that is under the cap: a lie about the length is answered at once, never
waited for or spun on, and a connection silent for ``idle_timeout`` seconds is closed.
"""

from __future__ import annotations

import contextlib
import json
import logging
import secrets
import socket
import struct
import time
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rampwin_desktop.sandbox.server import SandboxServer

log = logging.getLogger(__name__)

LINGER_SECONDS = 2.0  # after refusing a body unread: how long to drain what the client sends


class WireHandler(BaseHTTPRequestHandler):
    """The connection-level part of the sandbox's handler; routes are in ``SandboxHandler``."""

    sandbox: SandboxServer
    protocol_version = "HTTP/1.0"  # one request per connection
    server_version = "RampwinSandbox/1"

    _delay = 0.0
    _raw_body: str | None = None
    _raw_type = "application/json"
    _silent = False
    _status = 0
    _trickle = 0.0

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    def handle_one_request(self) -> None:
        """A client that goes silent (the idle timeout) or away mid-request is let go quietly:
        there is no one to answer, and nothing to print."""
        try:
            super().handle_one_request()
        except OSError as exc:  # TimeoutError, ConnectionResetError, BrokenPipeError...
            log.debug("%s connection ended: %r", self.address_string(), exc)
            self.close_connection = True

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        if not self.sandbox.host_allowed(self.headers.get("Host", "")):
            self.close_connection = True
            self._json(421, {"success": False, "message": "Unknown Host; use " + self._hosts()})
            return False
        return True

    def _hosts(self) -> str:
        return f"127.0.0.1:{self.sandbox.port} or localhost:{self.sandbox.port}"

    # ---------------------------------------------------------------- the key and JSON

    def _has_key(self) -> bool:
        key = self.headers.get("X-API-Key")
        return key is not None and secrets.compare_digest(
            key.encode("utf-8", "replace"), self.sandbox.api_key.encode()
        )

    def _authorised(self) -> bool:
        """The request carries the key; else it is answered 401 (its body unread)."""
        if self._has_key():
            return True
        self._refuse_unread(401, "Unauthorized")
        return False

    def _is_json(self) -> bool:
        """The body is JSON (a plain form or ``text/plain``, as any web page can send, is not)."""
        media_type = self.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
        if media_type == "application/json":
            return True
        self._refuse_unread(415, "Send JSON (Content-Type: application/json)")
        return False

    # ---------------------------------------------------------------- bodies

    def _content_length(self) -> int | None:
        """The declared body length; None when the request was answered (411)."""
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            length = -1
        if length < 0:
            self._refuse_unread(411, "Content-Length required")
            return None
        return length

    def _body_length(self, limit: int, too_large: str) -> int | None:
        """The body's declared length; None when the request was answered already: 411, or
        413 at once, before any of a body over ``limit`` is read."""
        length = self._content_length()
        if length is not None and length > limit:
            self._refuse_unread(413, too_large)
            return None
        return length

    def _refuse_unread(self, status: int, message: str) -> None:
        """Answer now without reading the body, then close. Closing a socket with unread
        bytes resets it, and a client still sending would lose the answer: so for a short
        while, what it goes on sending is read and thrown away (a lingering close)."""
        self.close_connection = True
        self._json(status, {"success": False, "message": message})
        deadline = time.monotonic() + LINGER_SECONDS
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_WR)
            while (left := deadline - time.monotonic()) > 0:
                self.connection.settimeout(left)
                if not self.rfile.read1(64 * 1024):
                    break

    def _read_body_discarding(self) -> None:
        with contextlib.suppress(ValueError):
            left = int(self.headers.get("Content-Length", "0"))
            while left > 0:
                chunk = self.rfile.read(min(left, 64 * 1024))
                if not chunk:
                    break
                left -= len(chunk)

    def _read_part_then_reset(self) -> None:
        with contextlib.suppress(ValueError, OSError):
            length = int(self.headers.get("Content-Length", "0"))
            self.rfile.read(min(length // 2, 256 * 1024))
        self._reset()

    def _reset(self) -> None:
        """Close the connection with a TCP reset, as a crashing proxy would."""
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self._status = -1
        with contextlib.suppress(OSError):
            self.connection.close()

    # ---------------------------------------------------------------- answers

    def _json(self, status: int, data: dict[str, Any]) -> None:
        if self._delay:
            time.sleep(self._delay)
        if self._raw_body is not None and status == 200:
            self._write(status, self._raw_body.encode("utf-8"), self._raw_type, {})
            return
        self._write(status, json.dumps(data).encode("utf-8"), "application/json", {})

    def _write(self, status: int, payload: bytes, content_type: str, extra: dict[str, str]) -> None:
        self._status = status
        if self._silent:
            return
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            # A load-balancer stickiness cookie, as AWS sets it: clients should send it back.
            self.send_header("Set-Cookie", "AWSALB=sandbox-lb; Path=/")
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            if self._trickle:
                for index in range(len(payload)):
                    self.wfile.write(payload[index : index + 1])
                    self.wfile.flush()
                    time.sleep(self._trickle)
            else:
                self.wfile.write(payload)
        except OSError:
            pass  # the client went away (e.g. it timed out): nothing to answer
