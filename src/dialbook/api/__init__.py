"""API handlers, one module per group of endpoints, registered by path."""

from __future__ import annotations

import importlib

_MODULES = (
    "account_managers",
    "agents",
    "blacklist",
    "contacts",
    "dnc",
    "fields",
    "groups",
    "numbers",
    "resolve",
    "service",
    "sticky",
    "users",
)


def load_handlers() -> None:
    """Import every handler module so that each registers its paths."""
    for module in _MODULES:
        importlib.import_module(f"dialbook.api.{module}")
