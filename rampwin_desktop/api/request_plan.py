"""The one or two requests that send a message, described once for every way of writing them
out (``curl.py``: shell commands; ``code_export.py``: Python and JavaScript scripts).

A message whose header is a file on this computer takes two requests: the file goes to
``UPLOAD_PATH`` first, and the link the upload returns goes into the body in place of
``PLACEHOLDER``. When the app would upload a copy of the user's picture with its metadata
removed (``app/header_files.for_export`` decides, and makes it), the message given here
already points at that copy and ``original`` names the user's file: each export says so in a
comment (``cleaned_note``). The API key is never part of a plan: each export reads it from
``RAMPWIN_API_KEY`` when it runs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlencode

from rampwin_desktop.api.contract import SEND_PATH, UPLOAD_PATH
from rampwin_desktop.core.draft import local_header_file
from rampwin_desktop.core.media import sniff
from rampwin_desktop.core.model import Message
from rampwin_desktop.core.payload import JSON, send_body, send_query

KEY_ENV = "RAMPWIN_API_KEY"
PLACEHOLDER = "UPLOADED_FILE_URL"


class Upload(NamedTuple):
    url: str
    path: Path
    mime: str | None  # None when the file cannot be read now (the export still names it)
    original: Path | None = None  # the user's file, when ``path`` is the app's clean copy


class RequestPlan(NamedTuple):
    upload: Upload | None  # the header file to upload first, if any
    send_url: str  # with its query
    body: JSON  # the link is ``PLACEHOLDER`` when ``upload`` is set


def request_plan(
    message: Message,
    base_url: str,
    *,
    media_link: str | None = None,
    original: Path | None = None,
) -> RequestPlan:
    """The requests for a valid ``message``; ``media_link``: the header file's uploaded link,
    when it is known already (no upload then); ``original``: the user's picture, when the
    message's header file is the app's copy of it without metadata."""
    path = local_header_file(message)
    upload = None
    if path is not None and media_link is None:
        mime = sniff(path).mime if path.is_file() else None
        upload = Upload(base_url + UPLOAD_PATH, path, mime, original)
        media_link = PLACEHOLDER
    body = send_body(message, media_link=media_link if path is not None else None)
    return RequestPlan(upload, f"{base_url}{SEND_PATH}?{urlencode(send_query(message))}", body)


def cleaned_note(upload: Upload) -> list[str]:
    """The comment lines (without their comment marker) that say the uploaded picture is the
    app's copy without metadata; none when it is the user's own file. The name is quoted
    and escaped (ASCII, on one line), so that no file name can end the comment."""
    if upload.original is None:
        return []
    name = json.dumps(upload.original.name)
    return [
        f"The header picture is Rampwin Desktop's copy of {name} with its location and",
        "camera data (EXIF, XMP, IPTC, comments) removed: the file the app itself uploads.",
    ]
