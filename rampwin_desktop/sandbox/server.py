"""The sandbox server: Rampwin's two endpoints on 127.0.0.1, plus what tests need to look inside.

It starts and stops the HTTP server, keeps the messages it accepted, the files uploaded to it
and a log of every request, and holds the faults it is told to play. How each request is
answered (the endpoints are listed there) is :mod:`rampwin_desktop.sandbox.handler`.
"""

from __future__ import annotations

import re
import secrets
import shutil
import ssl
import tempfile
import threading
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, quote, unquote, urlsplit

from rampwin_desktop.core.hosts import is_loopback_host
from rampwin_desktop.sandbox.faults import Fault, FaultBook
from rampwin_desktop.sandbox.handler import SandboxHandler

IDLE_TIMEOUT = 15.0  # seconds a connection may stay silent before the sandbox closes it
MAX_NAME_BYTES = 120  # of an upload's name (UTF-8): well under any file system's 255


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # not 5: a burst of clients waits in the queue, not in SYN retries


@dataclass(frozen=True)
class StoredUpload:
    token: str
    filename: str
    path: Path
    content_type: str
    size: int


class SandboxServer:
    """Start with ``start()`` or ``with``; clients need its ``base_url`` and ``api_key``."""

    def __init__(
        self,
        api_key: str | None = None,
        *,
        port: int = 0,
        host: str = "127.0.0.1",
        certificate: tuple[Path, Path] | None = None,
        idle_timeout: float = IDLE_TIMEOUT,
    ) -> None:
        """``certificate``: (certificate file, key file) to serve HTTPS instead of HTTP;
        ``idle_timeout``: seconds a client may stay silent before its connection is closed."""
        if not is_loopback_host(host):
            raise ValueError("the sandbox listens on loopback addresses only")
        self.api_key = api_key or "sandbox-" + secrets.token_urlsafe(12)
        self.faults = FaultBook()
        self._host = host
        self._certificate = certificate
        self._port = port
        self.idle_timeout = idle_timeout
        self._lock = threading.Lock()
        self._messages: list[dict[str, Any]] = []
        self._requests: list[dict[str, Any]] = []
        self._uploads: dict[str, StoredUpload] = {}
        self._folder = Path(tempfile.mkdtemp(prefix="rampwin-sandbox-"))
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ---------------------------------------------------------------- lifecycle

    def start(self) -> SandboxServer:
        # ``timeout``: StreamRequestHandler sets it on each connection, so every read or
        # write that waits longer raises, and the connection is closed.
        handler = type(
            "Handler", (SandboxHandler,), {"sandbox": self, "timeout": self.idle_timeout}
        )
        self._httpd = _HTTPServer((self._host, self._port), handler)
        if self._certificate is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*self._certificate)
            # The handshake happens at the first read, on the connection's own thread and
            # under its idle timeout: in accept() a client that never says hello would stop
            # the server taking anyone else.
            self._httpd.socket = context.wrap_socket(
                self._httpd.socket, server_side=True, do_handshake_on_connect=False
            )
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="rampwin-sandbox",
            daemon=True,
        )
        self._thread.start()
        return self

    def wait(self) -> None:
        """Block until the server stops (Ctrl+C raises KeyboardInterrupt here)."""
        while self._thread is not None and self._thread.is_alive():
            self._thread.join(timeout=0.5)

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        shutil.rmtree(self._folder, ignore_errors=True)

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("the sandbox is not running")
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        scheme = "https" if self._certificate else "http"
        return f"{scheme}://{self._host}:{self.port}"

    # ---------------------------------------------------------------- what tests look at

    def messages(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(item) for item in self._messages]

    def requests(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(item) for item in self._requests]

    def uploads(self) -> list[StoredUpload]:
        with self._lock:
            return list(self._uploads.values())

    def add_fault(self, fault: Fault) -> None:
        self.faults.add(fault)

    # ---------------------------------------------------------------- used by the handler

    def record_request(self, entry: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            self._requests.append(entry)
        return entry

    def record_message(self, body: dict[str, Any], query: dict[str, str]) -> dict[str, Any]:
        with self._lock:
            entry = {
                "id": f"msg-{len(self._messages) + 1}",
                "received_at": datetime.now(UTC).isoformat(timespec="milliseconds"),
                "query": query,
                "body": body,
            }
            self._messages.append(entry)
            return entry

    def host_allowed(self, host: str) -> bool:
        """Is ``host`` (a request's ``Host`` header) a name of this server? Only
        ``127.0.0.1:PORT`` and ``localhost:PORT`` are: a web page on another site that
        resolves to 127.0.0.1 still sends its own name."""
        port = self.port
        names = {f"127.0.0.1:{port}", f"localhost:{port}", f"{self._host}:{port}"}
        if port == (443 if self._certificate else 80):
            names |= {"127.0.0.1", "localhost", self._host}
        return host.strip().lower() in names

    def store_upload(self, part_path: Path, filename: str, content_type: str, size: int) -> str:
        """Keep an upload in a folder the server makes (its token), under the last part of
        the client's file name as :func:`link_name` cleans it: no name reaches another path."""
        token = secrets.token_urlsafe(16)
        name = link_name(filename)
        folder = self._folder / token
        folder.mkdir()
        final = folder / name
        part_path.replace(final)
        with self._lock:
            self._uploads[token] = StoredUpload(token, name, final, content_type, size)
        return f"{self.base_url}/media/{token}/{quote(name)}"

    def find_upload(self, path: str) -> StoredUpload | None:
        parts = path.split("/")
        if len(parts) != 4 or parts[1] != "media":
            return None
        with self._lock:
            upload = self._uploads.get(parts[2])
        if upload is None or upload.filename != unquote(parts[3]):
            return None
        return upload

    def stored_file(self, link: str) -> Path | None:
        """The stored upload that ``link`` names when it is one of this sandbox's own
        media links (its scheme, host and port), read from disk: no request is made."""
        parts = urlsplit(link)
        if not self._serves(parts):
            return None
        upload = self.find_upload(parts.path)
        return upload.path if upload is not None else None

    def _serves(self, parts: SplitResult) -> bool:
        scheme = "https" if self._certificate else "http"
        try:
            port = parts.port
        except ValueError:  # not a number, or out of range
            return False
        return (
            self._httpd is not None
            and parts.scheme == scheme
            and parts.hostname == self._host
            and port == self.port
        )

    def media_ok(self, link: str) -> bool:
        """Can WhatsApp fetch this header link? (What the sandbox can tell from here.)"""
        parts = urlsplit(link)
        host = parts.hostname or ""
        if parts.scheme not in ("http", "https") or not host:
            return False
        if self._serves(parts):
            return self.find_upload(parts.path) is not None
        if host.endswith(".invalid"):  # RFC 2606: never resolves; tests use it for dead links
            return False
        if is_loopback_host(host):
            try:
                with urllib.request.urlopen(link, timeout=2) as answer:
                    return bool(200 <= answer.status < 300)
            except OSError:
                return False
        # The sandbox works offline: it cannot fetch public links, so it trusts their form.
        return True

    @property
    def folder(self) -> Path:
        return self._folder


def link_name(filename: str) -> str:
    """The last part of a client's file name, fit for a file and a link: no folders, no
    control characters, not ``.`` or ``..``, at most ``MAX_NAME_BYTES``; else ``file``."""
    name = re.sub(r"[\x00-\x1f\x7f]", "", filename.replace("\\", "/").rsplit("/", 1)[-1])
    name = name.strip().encode()[:MAX_NAME_BYTES].decode("utf-8", "ignore").strip()
    return name if name.strip(".") else "file"
