"""``rampwin-desktop preview --out``, a fresh process, against the window's own launch to first
paint in the same run (target: at most 2 times).

Each round starts the window as ``bench_startup`` does (``bench/startup_probe.py``, offscreen,
a settings folder it has started on before: the next start), then runs ``preview --draft
DOC --out PNG`` for the documented example (tests/data/doc_example_request.json) from just
before its process starts to its exit, then starts the window again; the command's time is
compared with the mean of the two window starts around it (paired ratios, judged on their
median). The same command is also timed with ``--scale 2`` and for a draft whose header is
an 800 × 418 PNG next to it (decoded and drawn), in the same rounds.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
from pathlib import Path

from bench.bench_startup import launch
from bench.common import ROOT, Row, child_env, median, parse_args, report, timed_run

TARGET = 2.0  # preview --out, as a multiple of the window's launch to first paint
DOC_EXAMPLE = ROOT / "tests" / "data" / "doc_example_request.json"


def image_draft(folder: Path) -> Path:
    """The documented example with its header as an 800 × 418 PNG beside the draft."""
    from tests.helpers import media_files

    media_files.png(folder, "banner.png", 800, 418)
    data = json.loads(DOC_EXAMPLE.read_text(encoding="utf-8"))
    data["interactive"]["header"]["image"]["link"] = "banner.png"
    path = folder / "image-draft.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def quartiles(values: list[float]) -> str:
    if len(values) < 4:
        return "too few runs"
    low, _, high = statistics.quantiles(values, n=4)
    return f"{low:.2f}-{high:.2f}×"


def main() -> int:
    args = parse_args(__doc__ or "")
    folder = Path(tempfile.mkdtemp(prefix="bench-preview-export-"))
    drafts = {"documented example": DOC_EXAMPLE, "header image": image_draft(folder)}
    window = [sys.executable, "-m", "bench.startup_probe"]
    cases = {
        "documented example": ("documented example", "1"),
        "documented example, --scale 2": ("documented example", "2"),
        "header image (800 × 418 PNG)": ("header image", "1"),
    }
    starts: list[float] = []
    times: dict[str, list[float]] = {case: [] for case in cases}
    ratios: dict[str, list[float]] = {case: [] for case in cases}
    runs = args.runs + (0 if args.smoke else 1)  # the first round warms the file cache
    with tempfile.TemporaryDirectory(prefix="bench-config-") as config:
        env = child_env(config)
        env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
        launch(window, env)  # a first run on this folder: the rounds measure the next start
        for index in range(runs):
            before = launch(window, env)["startup"]
            measured: dict[str, float] = {}
            for case, (draft, scale) in cases.items():
                command = [sys.executable, "-m", "rampwin_desktop", "preview"]
                command += ["--draft", str(drafts[draft]), "--out", str(folder / "out.png")]
                command += ["--scale", scale, "--time", "09:41"]
                measured[case], _ = timed_run(command, env)
            after = launch(window, env)["startup"]
            if index or args.smoke:
                starts.extend((before, after))
                for case, seconds in measured.items():
                    times[case].append(seconds * 1000)
                    ratios[case].append(seconds / ((before + after) / 2))
    start_ms = [seconds * 1000 for seconds in starts]
    rows = [
        Row(
            f"preview --out, {case}",
            median(times[case]),
            "ms",
            median(start_ms),
            "the window's launch to first paint (next start); judged on the paired ratios",
            "≤ 2×",
            median(ratios[case]) <= TARGET,
            times[case],
        )
        for case in cases
    ]
    ok = report(
        "preview_export",
        rows,
        args,
        window_start_samples_ms=start_ms,
        paired_ratios=ratios,
    )
    for case, values in ratios.items():
        print(f"{case}: paired ratios median {median(values):.2f}× (quartiles {quartiles(values)})")
    return 0 if ok or args.smoke else 1


if __name__ == "__main__":
    sys.exit(main())
