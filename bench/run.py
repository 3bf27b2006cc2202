"""Benchmark the call path and the write path of a real ``dialbook serve``.

Builds a directory through the storage layer (timing the bulk load), serves
it with one worker, and loads each case from wrk in a second process: first
on SQLite with the durable default, then the write cases again with
DIALBOOK_SQLITE_DURABLE=0, then on PostgreSQL when one answers on
127.0.0.1:5432. Every case is compared with ``Service/ping`` on the same
server. ``--scale`` instead compares getInfo at 10,000 contacts with getInfo
at ``--contacts`` and measures the worker's memory with each.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import psycopg
from directory import Directory, build
from load import CASES, PING, Case, probe, run_wrk, write_bodies
from report import machine, markdown, save, table
from server import Server, serving

DATA = Path(__file__).resolve().parent / "data"
POSTGRES_ADMIN_URL = os.environ.get(
    "DIALBOOK_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
POSTGRES_DATABASE = "dialbook_bench"
SMALL = 10_000
SCALE_ROUNDS = 3


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line of the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10.0, help="per case")
    parser.add_argument("--warmup", type=float, default=2.0, help="per case")
    parser.add_argument("--bodies", type=int, default=20_000, help="per case")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--cases", default=",".join(case.name for case in CASES))
    parser.add_argument("--scale", action="store_true", help="10k against --contacts")
    parser.add_argument("--no-fast", action="store_true", help="skip DURABLE=0")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark, print the table and keep it under bench/results/."""
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: run `make bench`, which installs it")
    results: dict[str, Any] = {"machine": machine(), "settings": vars(args)}
    if args.scale:
        results |= run_scale(args)
    else:
        results |= run_table(args)

    print("\n" + table(results["rows"]))
    print("\n" + "\n".join(f"{k}: {v}" for k, v in results["facts"].items()))
    print(f"\nwritten to {save(results, 'scale' if args.scale else 'table')}")
    return 0


def run_table(args: argparse.Namespace) -> dict[str, Any]:
    """Every case on each backend; the rows and the facts around them."""
    cases = [case for case in CASES if case.name in args.cases.split(",")]
    rows: list[dict[str, Any]] = []
    facts: dict[str, Any] = {}
    backends = args.backends.split(",")
    if "sqlite" in backends:
        rows += run_sqlite(args, cases, facts)
    if "postgresql" in backends:
        rows += run_postgres(args, cases, facts)
    return {"rows": rows, "facts": facts, "markdown": markdown(rows)}


def run_sqlite(
    args: argparse.Namespace, cases: list[Case], facts: dict[str, Any]
) -> list[dict[str, Any]]:
    """The cases on SQLite, durable, then the write cases with DURABLE=0."""
    with sqlite_database(DATA / "bench.db") as url:
        directory = built(url, args.contacts, "sqlite", facts)
        with serving(url, DATA / "server-sqlite.log") as server:
            rows = run_cases(server, directory, cases, args, "sqlite", "durable")
            facts["sqlite worker memory"] = server.memory()
        writes = [case for case in cases if case.writes]
        if writes and not args.no_fast:
            fast = {"DIALBOOK_SQLITE_DURABLE": "0"}
            with serving(url, DATA / "server-sqlite-fast.log", **fast) as server:
                rows += run_cases(server, directory, writes, args, "sqlite", "fast")
    return rows


def run_postgres(
    args: argparse.Namespace, cases: list[Case], facts: dict[str, Any]
) -> list[dict[str, Any]]:
    """The cases on PostgreSQL, or nothing when none answers."""
    with postgres_database() as url:
        if url is None:
            facts["postgresql"] = f"skipped: nothing answers at {POSTGRES_ADMIN_URL}"
            return []
        directory = built(url, args.contacts, "postgresql", facts)
        with serving(url, DATA / "server-postgresql.log") as server:
            rows = run_cases(server, directory, cases, args, "postgresql", "durable")
            facts["postgresql worker memory"] = server.memory()
    return rows


def run_scale(args: argparse.Namespace) -> dict[str, Any]:
    """getInfo and the worker's memory at 10,000 contacts and at ``--contacts``.

    Both servers run side by side and take turns, ``SCALE_ROUNDS`` times, so
    that a change in the machine's load falls on both alike. Each round gives
    a ratio, large to small; the round with the median ratio is reported,
    together with the ratio of the worker's CPU time per request. Both get the
    same number of distinct bodies, so that only the size of the directory
    differs.
    """
    args.bodies = min(args.bodies, SMALL)
    facts: dict[str, Any] = {}
    with ExitStack() as stack:
        servers = {
            size: stack.enter_context(scale_server(size, facts))
            for size in (SMALL, args.contacts)
        }
        rounds = [
            [_scale_round(size, *pair, args) for size, pair in servers.items()]
            for _ in range(SCALE_ROUNDS)
        ]
        for size, (server, _) in servers.items():
            facts[f"worker memory at {size}"] = server.memory()

    rounds.sort(key=lambda pair: _ratio(pair[1], pair[0], "rps"))
    small, large = rounds[len(rounds) // 2]
    facts["getInfo at large / at 10k"] = _ratio(large, small, "rps")
    facts["CPU per getInfo at 10k / at large"] = _ratio(small, large, "cpu_us")
    rows = [*small, *large]
    return {"rows": rows, "facts": facts, "markdown": markdown(rows)}


@contextmanager
def scale_server(
    size: int, facts: dict[str, Any]
) -> Iterator[tuple[Server, Directory]]:
    """A directory of ``size`` contacts on SQLite, served."""
    with sqlite_database(DATA / f"scale-{size}.db") as url:
        directory = built(url, size, f"sqlite {size}", facts)
        with serving(url, DATA / f"server-scale-{size}.log") as server:
            yield server, directory


def _scale_round(
    size: int, server: Server, directory: Directory, args: argparse.Namespace
) -> list[dict[str, Any]]:
    cases = [PING, next(case for case in CASES if case.name == "getInfo")]
    return run_cases(server, directory, cases, args, "sqlite", str(size))


def _get_info(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return next(row for row in rows if row["case"] == "getInfo")


def _ratio(top: list[dict[str, Any]], bottom: list[dict[str, Any]], key: str) -> float:
    return round(float(_get_info(top)[key]) / float(_get_info(bottom)[key]), 3)


def built(url: str, contacts: int, label: str, facts: dict[str, Any]) -> Directory:
    """Build the directory and note how fast its contacts loaded."""
    print(f"building {contacts} contacts on {label} ...", flush=True)
    directory = asyncio.run(build(url, contacts))
    rate = round(directory.contacts_per_second)
    facts[f"bulk load on {label} (contacts/s)"] = rate
    print(f"  {rate} contacts/s", flush=True)
    return directory


def run_cases(
    server: Server,
    directory: Directory,
    cases: list[Case],
    args: argparse.Namespace,
    backend: str,
    mode: str,
) -> list[dict[str, Any]]:
    """Each case on one server, ping first, each compared with that ping."""
    ordered = [PING, *(case for case in cases if case is not PING)]
    rows = [run_case(server, directory, case, args) for case in ordered]
    ceiling = rows[0]["rps"]
    for row in rows:
        row |= {"backend": backend, "mode": mode}
        row["ratio"] = row["rps"] / ceiling if row["status"] == "ok" else None
    return rows


def run_case(
    server: Server, directory: Directory, case: Case, args: argparse.Namespace
) -> dict[str, Any]:
    """Warm up, then load one case; a case that cannot run says why."""
    bodies = write_bodies(case, directory, args.bodies, DATA / f"{case.name}.txt")
    script = DATA / "bodies.lua"
    problem = probe(server, case, bodies)
    if problem is not None:
        print(f"  {case.name}: {problem}", flush=True)
        return {"case": case.name, "status": problem}

    run_wrk(server, case, bodies, args.warmup, script)
    used = server.cpu_seconds()
    figures = run_wrk(server, case, bodies, args.seconds, script)
    used = server.cpu_seconds() - used
    figures["cpu_us"] = used / max(1, figures["requests"]) * 1e6
    print(f"  {case.name}: {figures['rps']:.0f} req/s", flush=True)
    return {"case": case.name, "status": "ok", **figures}


@contextmanager
def sqlite_database(path: Path) -> Iterator[str]:
    """A fresh SQLite file for one run, removed afterwards."""
    _remove_sqlite(path)
    try:
        yield f"sqlite:///{path}"
    finally:
        _remove_sqlite(path)


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


@contextmanager
def postgres_database() -> Iterator[str | None]:
    """A fresh ``dialbook_bench`` database, dropped afterwards; None without one."""
    try:
        admin = psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        yield None
        return
    with admin:
        admin.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {POSTGRES_DATABASE}")
        try:
            yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + POSTGRES_DATABASE
        finally:
            admin.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE} WITH (FORCE)")


if __name__ == "__main__":
    sys.exit(main())
