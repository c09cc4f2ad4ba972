"""How the sandbox answers each request: Rampwin's two endpoints and the sandbox's own.

Endpoints (as Rampwin documents them):
  POST /api/media/upload          multipart field ``file``  -> {"success": true, "url": ...}
  POST /api/messages/send         JSON body                 -> {"success": true, "message": ...}
Sandbox only (every one needs the key, ``X-API-Key``, but the media links, whose unguessable
token stands for it, as a real CDN link's does):
  GET  /media/<token>/<name>      the uploaded files, at the URLs the upload returned
  GET  /sandbox/messages          every accepted message, oldest first
  POST /sandbox/faults            add a fault (JSON of :class:`Fault`); DELETE clears them
  GET  /sandbox/requests          a log of every request (method, path, status, cookies)

What every request goes through first (its ``Host``, body length, idle clients) is
:mod:`rampwin_desktop.sandbox.wire`; what the sandbox stores, records and is told to fail
with lives in :class:`SandboxServer`.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from rampwin_desktop.core import media
from rampwin_desktop.core.model import HeaderKind
from rampwin_desktop.sandbox import rules
from rampwin_desktop.sandbox.faults import Drop, Fault
from rampwin_desktop.sandbox.multipart import MultipartError, read_form
from rampwin_desktop.sandbox.wire import WireHandler

SEND_OK = "Interactive message sent successfully"
MAX_JSON_BYTES = 1_000_000
MAX_UPLOAD_BYTES = media.MAX_BYTES[HeaderKind.DOCUMENT] + 1_000_000
MAX_FAULT_BYTES = 64 * 1024
NOT_FOUND = {"success": False, "message": "Not found"}


class SandboxHandler(WireHandler):
    """Answers one request; ``SandboxServer.start`` subclasses it with ``sandbox`` set."""

    # ---------------------------------------------------------------- routing

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path.startswith("/media/"):
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
        elif not self._authorised():
            return
        elif path == "/sandbox/messages":
            self._json(200, {"success": True, "messages": self.sandbox.messages()})
        elif path == "/sandbox/requests":
            self._json(200, {"success": True, "requests": self.sandbox.requests()})
        elif path == "/sandbox/faults":
            self._json(200, {"success": True, "faults": self.sandbox.faults.pending()})
        else:
            self._json(404, NOT_FOUND)

    def do_HEAD(self) -> None:
        upload = self.sandbox.find_upload(urlsplit(self.path).path)
        self.send_response(200 if upload else 404)
        self.send_header("Content-Length", str(upload.size if upload else 0))
        self.end_headers()

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        if path == "/api/media/upload":
            self._with_faults("upload", self._upload)
        elif path == "/api/messages/send":
            self._with_faults("send", self._send)
        elif not self._authorised():
            return
        elif path == "/sandbox/faults":
            self._add_fault()
        else:
            self._refuse_unread(404, "Not found")

    def do_DELETE(self) -> None:
        if not self._authorised():
            return
        if urlsplit(self.path).path == "/sandbox/faults":
            self.sandbox.faults.clear()
            self._json(200, {"success": True})
        else:
            self._json(404, NOT_FOUND)

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
            if not _eight_bit_colour(part.path, media_type):  # WhatsApp: 8-bit RGB(A)
                self._json(400, {"success": False, "message": "Unsupported image format"})
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
        if not self._is_json():
            return
        length = self._body_length(MAX_FAULT_BYTES, "Fault too large")
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
            self._json(404, NOT_FOUND)
            return
        self.send_response(200)
        self.send_header("Content-Type", upload.content_type)
        self.send_header("Content-Length", str(upload.size))
        self.end_headers()
        with upload.path.open("rb") as stream:
            shutil.copyfileobj(stream, self.wfile, 64 * 1024)

    # ---------------------------------------------------------------- faults

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


def _eight_bit_colour(path: Path, media_type: media.MediaType) -> bool:
    """A picture WhatsApp shows: 8 bits per sample, not CMYK (other files: True)."""
    if media_type not in (media.PNG, media.JPEG):
        return True
    colour = media.image_colour(path)
    if colour is None:
        return True
    bits, model = colour
    return bits <= 8 and (bits == 8 or media_type is media.PNG) and model != "CMYK"
