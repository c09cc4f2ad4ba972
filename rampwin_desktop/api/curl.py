"""The exact requests as shell commands, with the key as ``$RAMPWIN_API_KEY``, never its value."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

from rampwin_desktop.api.request_plan import PLACEHOLDER, cleaned_note, request_plan
from rampwin_desktop.core.model import Message

KEY_HEADER = '--header "X-API-Key: $RAMPWIN_API_KEY"'


def curl_command(
    message: Message,
    base_url: str,
    *,
    media_link: str | None = None,
    original: Path | None = None,
) -> str:
    """A command (two, when a local header file must be uploaded first) for a valid message;
    ``original``: see ``request_plan``."""
    plan = request_plan(message, base_url, media_link=media_link, original=original)
    parts: list[str] = []
    if plan.upload is not None:
        path, mime = plan.upload.path, plan.upload.mime
        parts.append(
            '# 1. Upload the header file; put the "url" it returns in place of '
            f"{PLACEHOLDER} below."
        )
        parts.extend(f"# {line}" for line in cleaned_note(plan.upload))
        form = f'file=@"{path}";type={mime}' if mime is not None else f"file=@{path}"
        parts.append(
            f"curl --fail-with-body {shlex.quote(plan.upload.url)} \\\n"
            f"  {KEY_HEADER} \\\n  --form {shlex.quote(form)}"
        )
        parts.append("# 2. Send the message.")
    parts.append(
        f"curl --fail-with-body {shlex.quote(plan.send_url)} \\\n"
        f"  {KEY_HEADER} \\\n"
        "  --header 'Content-Type: application/json' \\\n"
        f"  --data {shlex.quote(json.dumps(plan.body, ensure_ascii=False, indent=2))}"
    )
    return "\n".join(parts) + "\n"
