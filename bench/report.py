"""The results table: printed for people, written as JSON for the record."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"

# Targets on 2 cores, one worker: (least ratio to the ceiling, most p99 in ms).
TARGETS: dict[tuple[str, str], tuple[float, float | None]] = {
    ("sqlite", "getInfo"): (0.40, 5.0),
    ("sqlite", "search"): (0.40, 5.0),
    ("sqlite", "resolve"): (0.35, 6.0),
    ("sqlite", "update"): (0.15, None),
    ("sqlite", "setSticky"): (0.15, None),
    ("sqlite", "setDnc"): (0.15, None),
    ("postgresql", "getInfo"): (0.25, None),
}


def verdict(row: dict[str, Any]) -> str:
    """Whether a row meets its target: "met", "NOT met", or "" without one."""
    target = TARGETS.get((row["backend"], row["case"]))
    if target is None or row["mode"] == "fast" or row["status"] != "ok":
        return ""
    least_ratio, most_p99 = target
    met = row["ratio"] >= least_ratio and (
        most_p99 is None or row["p99_ms"] <= most_p99
    )
    limit = f"≥{least_ratio:.2f}" + (f", p99≤{most_p99:g}ms" if most_p99 else "")
    return f"{limit}: {'met' if met else 'NOT met'}"


def table(rows: list[dict[str, Any]]) -> str:
    """The rows as a fixed-width text table."""
    header = (
        f"{'backend':<11}{'mode':<9}{'case':<11}{'req/s':>9}{'p50 ms':>9}"
        f"{'p99 ms':>9}{'ratio':>7}{'cpu µs':>8}{'errors':>8}  target"
    )
    return "\n".join([header, "-" * len(header), *map(_line, rows)])


def _line(row: dict[str, Any]) -> str:
    start = f"{row['backend']:<11}{row['mode']:<9}{row['case']:<11}"
    if row["status"] != "ok":
        return start + f"{row['status']:>9}"
    return start + (
        f"{row['rps']:>9.0f}{row['p50_ms']:>9.2f}{row['p99_ms']:>9.2f}"
        f"{row['ratio']:>7.2f}{row['cpu_us']:>8.0f}{row['errors']:>8}  {verdict(row)}"
    )


def markdown(rows: list[dict[str, Any]]) -> str:
    """The rows as a Markdown table, for docs/performance.md."""
    lines = [
        "| backend | mode | case | req/s | p50 ms | p99 ms | ratio | cpu µs | target |",
        "|---|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        cells = [row["backend"], row["mode"], row["case"]]
        if row["status"] == "ok":
            cells += [f"{row['rps']:.0f}", f"{row['p50_ms']:.2f}"]
            cells += [f"{row['p99_ms']:.2f}", f"{row['ratio']:.2f}"]
            cells += [f"{row['cpu_us']:.0f}", verdict(row)]
        else:
            cells += [row["status"], "", "", "", "", ""]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    """What the figures were taken on."""
    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "cpu": _cpu_model(),
        "python": platform.python_version(),
        "commit": _commit(),
    }


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def _commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    return done.stdout.strip()


def save(results: dict[str, Any], name: str) -> Path:
    """Write the results as JSON under bench/results/; the file written."""
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"{stamp}-{name}.json"
    path.write_text(json.dumps(results, indent=1) + "\n")
    return path
