"""How the sandbox answers each request: Rampwin's two endpoints and the sandbox's own.

Endpoints (as Rampwin documents them):
  POST /api/media/upload          multipart field ``file``  -> {"success": true, "url": ...}
  POST /api/messages/send         JSON body                 -> {"success": true, "message": ...}
Sandbox only:
  GET  /media/<token>/<name>      the uploaded files, at the URLs the upload returned
  GET  /sandbox/messages          every accepted message, oldest first
  POST /sandbox/faults            add a fault (JSON of :class:`Fault`); DELETE clears them
  GET  /sandbox/requests          a log of every request (method, path, status, cookies)

What it stores, records and is told to fail with lives in :class:`SandboxServer`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import secrets
import shutil
import socket
import struct
import tempfile
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from rampwin_desktop.core import media
from rampwin_desktop.core.model import HeaderKind
from rampwin_desktop.sandbox import rules
from rampwin_desktop.sandbox.faults import Drop, Fault
from rampwin_desktop.sandbox.multipart import MultipartError, read_form

if TYPE_CHECKING:
    from rampwin_desktop.sandbox.server import SandboxServer

log = logging.getLogger(__name__)

SEND_OK = "Interactive message sent successfully"
MAX_JSON_BYTES = 1_000_000
MAX_UPLOAD_BYTES = media.MAX_BYTES[HeaderKind.DOCUMENT] + 1_000_000


class SandboxHandler(BaseHTTPRequestHandler):
    """Answers one request; ``SandboxServer.start`` subclasses it with ``sandbox`` set."""

    sandbox: SandboxServer
    protocol_version = "HTTP/1.0"
    server_version = "RampwinSandbox/1"

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    # ---------------------------------------------------------------- routing

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == "/sandbox/messages":
            self._json(200, {"success": True, "messages": self.sandbox.messages()})
        elif path == "/sandbox/requests":
            self._json(200, {"success": True, "requests": self.sandbox.requests()})
        elif path == "/sandbox/faults":
            self._json(200, {"success": True, "faults": self.sandbox.faults.pending()})
        elif path.startswith("/media/"):
            self.sandbox.record_request(
                {
                    "method": "GET",
                    "endpoint": "media",
                    "path": self.path,
                    "status": 0,
                    "user_agent": self.headers.get("User-Agent", ""),
                }
            )
            self._serve_upload(path)
        else:
            self._json(404, {"success": False, "message": "Not found"})

    def do_HEAD(self) -> None:
        path = urlsplit(self.path).path
        upload = self.sandbox.find_upload(path)
        self.send_response(200 if upload else 404)
        self.send_header("Content-Length", str(upload.size if upload else 0))
        self.end_headers()

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        if path == "/api/media/upload":
            self._with_faults("upload", self._upload)
        elif path == "/api/messages/send":
            self._with_faults("send", self._send)
        elif path == "/sandbox/faults":
            self._add_fault()
        else:
            self._json(404, {"success": False, "message": "Not found"})

    def do_DELETE(self) -> None:
        if urlsplit(self.path).path == "/sandbox/faults":
            self.sandbox.faults.clear()
            self._json(200, {"success": True})
        else:
            self._json(404, {"success": False, "message": "Not found"})

    # ---------------------------------------------------------------- the two endpoints

    def _with_faults(self, endpoint: str, handle: Any) -> None:
        fault = self.sandbox.faults.take(endpoint)
        # Logged before answering, so a client that has its answer can already see it here.
        entry = self.sandbox.record_request(
            {
                "method": self.command,
                "endpoint": endpoint,
                "path": self.path,
                "cookie": self.headers.get("Cookie", ""),
                "user_agent": self.headers.get("User-Agent", ""),
                "content_type": self.headers.get("Content-Type", ""),
                "fault": fault.to_json() if fault else None,
            }
        )
        if fault is None:
            handle()
        elif fault.drop is Drop.MID_REQUEST:
            self._read_part_then_reset()
        elif fault.status is not None:
            self._read_body_discarding()
            time.sleep(fault.delay)
            self._answer_fault(fault)
        elif fault.drop is Drop.BEFORE_RESPONSE:
            self._silent = True
            handle()
            self._reset()
        else:
            self._delay = fault.delay
            self._trickle = fault.trickle
            if fault.body is not None:
                self._raw_body = fault.body
                self._raw_type = fault.content_type
            handle()
        entry["status"] = self._status

    def _authorised(self) -> bool:
        key = self.headers.get("X-API-Key")
        if key is not None and secrets.compare_digest(key.encode(), self.sandbox.api_key.encode()):
            return True
        self._read_body_discarding()
        self._json(401, {"success": False, "message": "Unauthorized"})
        return False

    def _upload(self) -> None:
        if not self._authorised():
            return
        length = self._body_length(MAX_UPLOAD_BYTES, "File too large")
        if length is None:
            return
        with tempfile.TemporaryDirectory(dir=self.sandbox.folder) as scratch:
            try:
                form = read_form(
                    self.rfile, length, self.headers.get("Content-Type", ""), Path(scratch)
                )
            except MultipartError as exc:
                self._json(400, {"success": False, "message": f"Invalid upload: {exc}"})
                return
            part = form.files.get("file")
            if part is None:
                self._json(400, {"success": False, "message": "No file uploaded"})
                return
            media_type = media.sniff(part.path)
            if media_type.kind is None:
                self._json(400, {"success": False, "message": "Unsupported file type"})
                return
            if part.size > media.MAX_BYTES[media_type.kind]:
                self._json(413, {"success": False, "message": "File too large"})
                return
            url = self.sandbox.store_upload(part.path, part.filename, part.content_type, part.size)
        self._json(200, {"success": True, "url": url})

    def _send(self) -> None:
        if not self._authorised():
            return
        length = self._body_length(MAX_JSON_BYTES, "Payload too large")
        if length is None:
            return
        raw = self.rfile.read(length)
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            self._json(400, {"success": False, "message": rules.INVALID_PAYLOAD})
            return
        problem = rules.judge_send_body(data, self.sandbox.media_ok)
        if problem is not None:
            self._json(400, {"success": False, "message": problem})
            return
        query = {key: values[-1] for key, values in parse_qs(urlsplit(self.path).query).items()}
        self.sandbox.record_message(data, query)
        self._json(200, {"success": True, "message": SEND_OK})

    # ---------------------------------------------------------------- sandbox-only

    def _add_fault(self) -> None:
        length = self._content_length()
        if length is None:
            return
        try:
            fault = Fault.from_json(json.loads(self.rfile.read(length) or b"{}"))
        except (ValueError, TypeError) as exc:
            self._json(400, {"success": False, "message": f"Invalid fault: {exc}"})
            return
        self.sandbox.add_fault(fault)
        self._json(200, {"success": True, "fault": fault.to_json()})

    def _serve_upload(self, path: str) -> None:
        upload = self.sandbox.find_upload(path)
        if upload is None:
            self._json(404, {"success": False, "message": "Not found"})
            return
        self.send_response(200)
        self.send_header("Content-Type", upload.content_type)
        self.send_header("Content-Length", str(upload.size))
        self.end_headers()
        with upload.path.open("rb") as stream:
            shutil.copyfileobj(stream, self.wfile, 64 * 1024)

    # ---------------------------------------------------------------- plumbing

    _delay = 0.0
    _raw_body: str | None = None
    _raw_type = "application/json"
    _silent = False
    _status = 0
    _trickle = 0.0

    def _content_length(self) -> int | None:
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            length = -1
        if length < 0:
            self._json(411, {"success": False, "message": "Content-Length required"})
            return None
        return length

    def _body_length(self, limit: int, too_large: str) -> int | None:
        """The request body's length; None when the request was answered already (411, 413)."""
        length = self._content_length()
        if length is not None and length > limit:
            self._read_body_discarding()
            self._json(413, {"success": False, "message": too_large})
            return None
        return length

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

    def _answer_fault(self, fault: Fault) -> None:
        status = fault.status or 500
        if fault.body is not None:
            payload = fault.body.encode("utf-8")
            content_type = fault.content_type
        else:
            phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else ""
            payload = json.dumps({"success": False, "message": phrase or "Error"}).encode()
            content_type = "application/json"
        extra = {"Retry-After": fault.retry_after} if fault.retry_after else {}
        self._write(status, payload, content_type, extra)

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
