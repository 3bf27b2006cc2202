"""The cases, their request bodies, and one wrk run per case.

Each case is a path and a list of distinct bodies spread over the directory.
The bodies go to a file, one per line, that a small Lua script reads and
cycles through, one body per request, from a random starting point.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from directory import AGENTS, Directory, agent_id, cli_number, contact_number
from server import Server, post

THREADS = 1
CONNECTIONS = 32
_RESULT = re.compile(r"^BENCH (\{.*\})$", re.MULTILINE)

_LUA = """\
-- Written by bench/load.py: cycle through a file of bodies, one per request.
local bodies = {}
local index = 0

function init(args)
  for line in io.lines(args[1]) do
    bodies[#bodies + 1] = line
  end
  index = tonumber(args[2]) % #bodies
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  index = index % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[index])
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "status_errors": %d,'
      .. ' "socket_errors": %d, "p50_us": %d, "p99_us": %d, "max_us": %d}\\n',
    summary.requests, summary.duration, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
"""

Body = dict[str, Any]


@dataclass(frozen=True)
class Case:
    """One benchmark case: a name, the path it calls and how it makes bodies."""

    name: str
    path: str
    make_body: Callable[[Directory, int, random.Random], Body]
    writes: bool = False


def _ping(directory: Directory, index: int, rng: random.Random) -> Body:
    return {}


def _get_info(directory: Directory, index: int, rng: random.Random) -> Body:
    return {"cn": contact_number(index)}


def _search(directory: Directory, index: int, rng: random.Random) -> Body:
    return {"contact": contact_number(index), "project": "name,email,totalcalls,vip"}


def _resolve(directory: Directory, index: int, rng: random.Random) -> Body:
    body: Body = {"contact": contact_number(index), "cli": cli_number(index)}
    if index % 3 == 0:
        body["groupid"] = directory.groups[index % len(directory.groups)]
    return body


def _update(directory: Directory, index: int, rng: random.Random) -> Body:
    return {
        "contact": contact_number(index),
        "contactinfo": {"company": rng.choice(("Sarv", "Acme", "Initech"))},
        "other": {"totalcalls": rng.randrange(100), "lastcalltime": "03-12-2026"},
    }


def _set_sticky(directory: Directory, index: int, rng: random.Random) -> Body:
    body: Body = {
        "contact": contact_number(index),
        "agentId": agent_id(rng.randrange(AGENTS)),
        "type": "all",
        "expiry": -1,
    }
    if index % 2:
        body |= {"type": "cli", "cli": cli_number(index)}
    return body


def _set_dnc(directory: Directory, index: int, rng: random.Random) -> Body:
    until = -1 if index % 2 else int(time.time()) + rng.randrange(1, 90) * 86400
    return {"contact": contact_number(index), "dnc": until, "reason": "asked"}


PING = Case("ping", "Service/ping", _ping)
CASES = (
    PING,
    Case("getInfo", "Directory/getInfo", _get_info),
    Case("search", "Directory/search", _search),
    Case("resolve", "Directory/resolve", _resolve),
    Case("update", "Directory/update", _update, writes=True),
    Case("setSticky", "Directory/setSticky", _set_sticky, writes=True),
    Case("setDnc", "Directory/setDnc", _set_dnc, writes=True),
)


def write_bodies(case: Case, directory: Directory, count: int, path: Path) -> Path:
    """Write ``count`` bodies of distinct, randomly chosen contacts to ``path``."""
    rng = random.Random(f"{case.name}-{directory.contacts}")
    chosen = rng.sample(range(directory.contacts), min(count, directory.contacts))
    lines = [
        json.dumps(directory.credentials | case.make_body(directory, index, rng))
        for index in chosen
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")
    return path


def probe(server: Server, case: Case, bodies: Path) -> str | None:
    """Why the case cannot run ("missing", or the error), or None when it can."""
    first = bodies.read_text().split("\n", 1)[0].encode("utf-8")
    status, envelope = post(f"{server.base_url}/api/v2/{case.path}", first)
    if status == 404 and envelope.get("code") == 1000:
        return "missing"
    if envelope.get("status") != "success":
        return f"error {envelope.get('code')}: {envelope.get('message')}"
    return None


def run_wrk(
    server: Server, case: Case, bodies: Path, seconds: float, script: Path
) -> dict[str, Any]:
    """Load ``case`` for ``seconds`` with wrk; the figures its Lua script reports."""
    script.write_text(_LUA)
    start = random.randrange(1_000_000)
    command = [
        shutil.which("wrk") or "wrk",
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
        "-s",
        str(script),
        f"{server.base_url}/api/v2/{case.path}",
        "--",
        str(bodies),
        str(start),
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True)
    return _figures(output.stdout)


def _figures(output: str) -> dict[str, Any]:
    match = _RESULT.search(output)
    if match is None:
        raise RuntimeError(f"wrk printed no result:\n{output}")
    raw = json.loads(match.group(1))
    seconds = raw["duration_us"] / 1e6
    return {
        "requests": raw["requests"],
        "rps": raw["requests"] / seconds,
        "p50_ms": raw["p50_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "max_ms": raw["max_us"] / 1000,
        "errors": raw["status_errors"] + raw["socket_errors"],
    }
