"""Edit › Copy as Python and Copy as JavaScript: the requests of ``request_plan`` as a complete
script (upload the header file, if the message has one on this computer, then send with the
link the upload returned). The key is read from ``$RAMPWIN_API_KEY`` when the script runs and
is never written into it; so is the optional session cookie (``$RAMPWIN_COOKIE``). Every
request has a timeout, and an answer that is not a success stops the script with the
server's words and a non-zero exit.
"""

from __future__ import annotations

import json
import pprint
from pathlib import Path

from rampwin_desktop.api.contract import Timeouts
from rampwin_desktop.api.request_plan import KEY_ENV, RequestPlan, cleaned_note, request_plan
from rampwin_desktop.core.model import Message

COOKIE_ENV = "RAMPWIN_COOKIE"
TIMEOUTS = Timeouts()
UPLOAD_TIMEOUT_MS = 600_000  # fetch's timeout covers the body too: 100 MB at about 1.4 Mbit/s

PYTHON = '''\
"""Send a WhatsApp interactive button message through Rampwin (written by Rampwin Desktop).

Needs Python 3.8+ and requests (pip install requests). Run it with your API key in the
environment, never in this file:  RAMPWIN_API_KEY=... python3 send_message.py
"""

import os
import sys

import requests

API_KEY = os.environ.get("{key_env}") or sys.exit("Set {key_env} to your Rampwin API key.")
HEADERS = {{"X-API-Key": API_KEY}}
if os.environ.get("{cookie_env}"):  # the session cookie, if your account needs one
    HEADERS["Cookie"] = os.environ["{cookie_env}"]
TIMEOUT = ({connect:g}, {read:g})  # seconds: to connect, and to wait for each answer
SEND_URL = {send_url}
BODY = {body}


def checked(response, what):
    """The answer's JSON when it says success; otherwise stop with what the server said."""
    try:
        data = response.json()
    except ValueError:
        data = None
    if not response.ok or not isinstance(data, dict) or data.get("success") is not True:
        sys.exit(f"{{what}} failed: HTTP {{response.status_code}}: {{response.text[:500]}}")
    return data


def main():
{upload}    answer = checked(
        requests.post(SEND_URL, headers=HEADERS, json=BODY, timeout=TIMEOUT), "The send"
    )
    print(answer.get("message", "Sent."))


if __name__ == "__main__":
    try:
        main()
    except requests.RequestException as error:
        sys.exit(f"Could not reach Rampwin: {{error}}")
'''

PYTHON_UPLOAD = """\
    # 1. Upload the header file; the message links to the copy Rampwin keeps.
{note}    with open({path}, "rb") as file:
        uploaded = checked(
            requests.post(
                {upload_url},
                headers=HEADERS,
                files={{"file": ({name}, file, {mime})}},
                timeout=TIMEOUT,
            ),
            "The upload",
        )
    if not isinstance(uploaded.get("url"), str):
        sys.exit("The upload returned no link to the file.")
    header = BODY["interactive"]["header"]
    header[header["type"]]["link"] = uploaded["url"]
    # 2. Send the message.
"""

JAVASCRIPT = """\
// Send a WhatsApp interactive button message through Rampwin (written by Rampwin Desktop).
// Needs Node.js 18+ (fetch). Run it with your API key in the environment, never in this
// file:  RAMPWIN_API_KEY=... node send-message.js
"use strict";
{require}
const API_KEY = process.env.{key_env};
if (!API_KEY) {{
  console.error("Set {key_env} to your Rampwin API key.");
  process.exit(2);
}}
const HEADERS = {{ "X-API-Key": API_KEY }};
if (process.env.{cookie_env}) HEADERS.Cookie = process.env.{cookie_env}; // if your account needs it
const TIMEOUT_MS = {timeout_ms}; // the send, answer included
const UPLOAD_TIMEOUT_MS = {upload_timeout_ms}; // the upload, the whole file and its answer
const SEND_URL = {send_url};
const BODY = {body};

// The answer's JSON when it says success; otherwise an error with what the server said.
async function checked(what, url, options, timeoutMs = TIMEOUT_MS) {{
  const response = await fetch(url, {{ ...options, signal: AbortSignal.timeout(timeoutMs) }});
  const text = await response.text();
  let data = null;
  try {{
    data = JSON.parse(text);
  }} catch {{
    // not JSON: reported below
  }}
  if (!response.ok || data === null || data.success !== true) {{
    throw new Error(`${{what}} failed: HTTP ${{response.status}}: ${{text.slice(0, 500)}}`);
  }}
  return data;
}}

async function main() {{
{upload}  const answer = await checked("The send", SEND_URL, {{
    method: "POST",
    headers: {{ ...HEADERS, "Content-Type": "application/json" }},
    body: JSON.stringify(BODY),
  }});
  console.log(answer.message ?? "Sent.");
}}

main().catch((error) => {{
  console.error(error.message);
  process.exit(1);
}});
"""

JAVASCRIPT_UPLOAD = """\
  // 1. Upload the header file; the message links to the copy Rampwin keeps.
{note}  const form = new FormData();
  const file = new Blob([fs.readFileSync({path})], {{ type: {mime} }});
  form.append("file", file, {name});
  const uploaded = await checked("The upload", {upload_url}, {{
    method: "POST",
    headers: HEADERS,
    body: form,
  }}, UPLOAD_TIMEOUT_MS);
  if (typeof uploaded.url !== "string") throw new Error("The upload returned no link to the file.");
  const header = BODY.interactive.header;
  header[header.type].link = uploaded.url;
  // 2. Send the message.
"""


def python_script(message: Message, base_url: str, *, original: Path | None = None) -> str:
    """A Python script (``requests``) that sends the valid ``message`` to ``base_url``;
    ``original``: see ``request_plan``."""
    plan = request_plan(message, base_url, original=original)
    upload = ""
    if plan.upload is not None:
        upload = PYTHON_UPLOAD.format(
            note="".join(f"    # {line}\n" for line in cleaned_note(plan.upload)),
            path=repr(str(plan.upload.path)),
            upload_url=repr(plan.upload.url),
            name=repr(plan.upload.path.name),
            mime=repr(_mime(plan)),
        )
    body = pprint.pformat(plan.body, width=92, sort_dicts=False)
    return PYTHON.format(
        key_env=KEY_ENV,
        cookie_env=COOKIE_ENV,
        connect=TIMEOUTS.connect,
        read=TIMEOUTS.read,
        send_url=repr(plan.send_url),
        body=body,
        upload=upload,
    )


def javascript_script(message: Message, base_url: str, *, original: Path | None = None) -> str:
    """A Node.js script (``fetch``) that sends the valid ``message`` to ``base_url``;
    ``original``: see ``request_plan``."""
    plan = request_plan(message, base_url, original=original)
    upload = ""
    if plan.upload is not None:
        upload = JAVASCRIPT_UPLOAD.format(
            note="".join(f"  // {line}\n" for line in cleaned_note(plan.upload)),
            path=_js(str(plan.upload.path)),
            upload_url=_js(plan.upload.url),
            name=_js(plan.upload.path.name),
            mime=_js(_mime(plan)),
        )
    return JAVASCRIPT.format(
        require='const fs = require("node:fs");\n' if plan.upload is not None else "",
        key_env=KEY_ENV,
        cookie_env=COOKIE_ENV,
        timeout_ms=round(TIMEOUTS.read * 1000),
        upload_timeout_ms=UPLOAD_TIMEOUT_MS,
        send_url=_js(plan.send_url),
        body=_separators(json.dumps(plan.body, ensure_ascii=False, indent=2)),
        upload=upload,
    )


def _mime(plan: RequestPlan) -> str:
    upload = plan.upload
    return upload.mime if upload is not None and upload.mime else "application/octet-stream"


def _js(text: str) -> str:
    """A JavaScript string literal."""
    return _separators(json.dumps(text, ensure_ascii=False))


def _separators(source: str) -> str:
    """JSON as JavaScript source: the two line separators JSON allows in a string but
    JavaScript before ES2019 does not, escaped."""
    return source.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
