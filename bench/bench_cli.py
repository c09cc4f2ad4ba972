"""``rampwin-desktop send --dry-run`` on a draft, against ``python -c "import requests"``.

Both are whole processes, timed from launch to exit, alternating in the same run. The
dry run reads the draft, validates it (the recipient's number included) and prints the
request body; it should not pay for what it does not use (requests, keyring, Qt).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from bench.common import Row, child_env, median, parse_args, report, timed_run, venv_executable


def main() -> int:
    args = parse_args(__doc__ or "", runs=9)
    from rampwin_desktop.core.model import Button, Header, Message
    from rampwin_desktop.storage.drafts import save_draft

    folder = Path(tempfile.mkdtemp(prefix="bench-cli-"))
    draft = folder / "message.json"
    save_draft(
        draft,
        Message(
            body="Hello *Asha* 👋 our winter sale starts today.",
            footer="Reply STOP to opt out",
            header=Header.of_text("Winter sale"),
            buttons=(Button("buy", "Buy now"), Button("later", "Later")),
            recipient="+91 99999 99999",
            channel_id="channel-1",
        ),
    )
    env = child_env(str(folder / "config"))
    dry_run = [venv_executable("rampwin-desktop"), "send", "--dry-run", "--draft", str(draft)]
    baseline = [sys.executable, "-c", "import requests"]
    cli_ms: list[float] = []
    base_ms: list[float] = []
    for index in range(args.runs + (0 if args.smoke else 1)):
        order = (dry_run, baseline) if index % 2 else (baseline, dry_run)
        times = {}
        for command in order:
            elapsed, out = timed_run(command, env)
            times[command is dry_run] = elapsed * 1000
            if command is dry_run:
                json.loads(out)  # it printed the body
        if index or args.smoke:
            cli_ms.append(times[True])
            base_ms.append(times[False])
    c, b = median(cli_ms), median(base_ms)
    rows = [
        Row(
            "send --dry-run on a draft",
            c,
            "ms",
            b,
            'python -c "import requests"',
            "≤ 2×",
            c <= 2 * b,
            cli_ms,
        )
    ]
    ok = report("cli", rows, args, baseline_samples_ms=base_ms)
    return 0 if ok or args.smoke else 1


if __name__ == "__main__":
    sys.exit(main())
