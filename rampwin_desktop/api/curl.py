"""The exact requests as shell commands, with the key as ``$RAMPWIN_API_KEY``, never its value."""

from __future__ import annotations

import json
import shlex
from urllib.parse import urlencode

from rampwin_desktop.api.contract import SEND_PATH, UPLOAD_PATH
from rampwin_desktop.core.draft import local_header_file
from rampwin_desktop.core.media import sniff
from rampwin_desktop.core.model import Message
from rampwin_desktop.core.payload import send_body, send_query

KEY_HEADER = '--header "X-API-Key: $RAMPWIN_API_KEY"'
PLACEHOLDER = "UPLOADED_FILE_URL"


def curl_command(message: Message, base_url: str, *, media_link: str | None = None) -> str:
    """A command (two, when a local header file must be uploaded first) for a valid message."""
    path = local_header_file(message)
    parts: list[str] = []
    if path is not None and media_link is None:
        parts.append(
            '# 1. Upload the header file; put the "url" it returns in place of '
            f"{PLACEHOLDER} below."
        )
        form = f'file=@"{path}";type={sniff(path).mime}' if path.is_file() else f"file=@{path}"
        parts.append(
            f"curl --fail-with-body {shlex.quote(base_url + UPLOAD_PATH)} \\\n"
            f"  {KEY_HEADER} \\\n  --form {shlex.quote(form)}"
        )
        parts.append("# 2. Send the message.")
        media_link = PLACEHOLDER
    body = send_body(message, media_link=media_link if path is not None else None)
    url = f"{base_url}{SEND_PATH}?{urlencode(send_query(message))}"
    parts.append(
        f"curl --fail-with-body {shlex.quote(url)} \\\n"
        f"  {KEY_HEADER} \\\n"
        "  --header 'Content-Type: application/json' \\\n"
        f"  --data {shlex.quote(json.dumps(body, ensure_ascii=False, indent=2))}"
    )
    return "\n".join(parts) + "\n"
