"""The ``dialbook`` command: serve, migrate, and manage accounts."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import logging.config
import os
import sys
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import sqlalchemy.exc

from dialbook import operator
from dialbook.config import Settings
from dialbook.errors import DialbookError
from dialbook.storage import Store, open_store, parse_database_url
from dialbook.storage.migrate import migrate

log = logging.getLogger("dialbook")


def build_parser() -> argparse.ArgumentParser:
    """The command line's grammar."""
    parser = argparse.ArgumentParser(prog="dialbook", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="migrate, then serve the API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--log-level", default="info")
    _database_option(serve)

    _database_option(
        commands.add_parser("migrate", help="create or upgrade the schema")
    )

    account = commands.add_parser("account", help="create, suspend or resume accounts")
    actions = account.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="create an account and its first admin")
    create.add_argument("name")
    create.add_argument("--region", default="IN")
    create.add_argument("--timezone", default="Asia/Kolkata")
    _database_option(create)
    for action in ("suspend", "resume"):
        _database_option(
            actions.add_parser(action, help=f"{action} an account")
        ).add_argument("name")
    return parser


def _database_option(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--database", help="database URL (or DIALBOOK_DATABASE_URL)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; the process exit status."""
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env(args.database)
    except DialbookError as error:
        print(f"dialbook: {error.message}", file=sys.stderr)
        return 1
    try:
        return _run(settings, args)
    except DialbookError as error:
        print(f"dialbook: {error.message}", file=sys.stderr)
        return 1
    except (sqlalchemy.exc.DBAPIError, OSError):
        where = parse_database_url(settings.database_url).describe()
        print(f"dialbook: database unavailable at {where}", file=sys.stderr)
        return 1


def _run(settings: Settings, args: argparse.Namespace) -> int:
    where = parse_database_url(settings.database_url).describe()
    if args.command == "serve":
        return serve(settings, args)
    version = migrate(settings.database_url)
    if args.command == "migrate":
        print(f"schema {version} is up to date at {where}")
        return 0
    return _account_command(settings, args)


def _account_command(settings: Settings, args: argparse.Namespace) -> int:
    if args.action == "create":
        created = _with_store(
            settings,
            lambda store: operator.create_account(
                store, args.name, args.region, args.timezone
            ),
        )
        print(json.dumps(created))
        return 0
    suspended = args.action == "suspend"
    _with_store(
        settings, lambda store: operator.set_suspended(store, args.name, suspended)
    )
    print(f"account {args.name} {'suspended' if suspended else 'resumed'}")
    return 0


def _with_store(settings: Settings, work: Callable[[Store], Awaitable[Any]]) -> Any:
    async def run() -> Any:
        store = open_store(settings)
        await store.open()
        try:
            return await work(store)
        finally:
            await store.close()

    return asyncio.run(run())


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"


def log_config(level: str) -> dict[str, Any]:
    """Logging for ``serve``: dialbook's and uvicorn's lines on stderr, one format.

    uvicorn applies it in every worker process, so worker request lines are
    not lost when ``--workers`` is above one.
    """
    console = {"class": "logging.StreamHandler", "formatter": "plain"}
    logger = {"handlers": ["console"], "level": level.upper(), "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": LOG_FORMAT}},
        "handlers": {"console": console | {"stream": "ext://sys.stderr"}},
        "loggers": {"dialbook": logger, "uvicorn": logger},
    }


def serve(settings: Settings, args: argparse.Namespace) -> int:
    """Migrate the schema, then serve with uvicorn."""
    import uvicorn

    from dialbook.http.protocol import JoinedWritesProtocol

    logging.config.dictConfig(log_config(args.log_level))
    url = parse_database_url(settings.database_url)
    version = migrate(settings.database_url)
    log.info("backend %s, database %s, schema %s", url.backend, url.describe(), version)

    os.environ["DIALBOOK_DATABASE_URL"] = settings.database_url
    uvicorn.run(
        "dialbook.http.factory:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        loop="uvloop",
        http=JoinedWritesProtocol,
        access_log=False,
        log_config=log_config(args.log_level),
        log_level=args.log_level,
    )
    return 0
