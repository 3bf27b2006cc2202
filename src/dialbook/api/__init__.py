"""API handlers, one module per group of endpoints, registered by path."""

from __future__ import annotations

import importlib

_MODULES = ("blacklist", "contacts", "dnc", "fields", "resolve", "service", "users")


def load_handlers() -> None:
    """Import every handler module so that each registers its paths."""
    for module in _MODULES:
        importlib.import_module(f"dialbook.api.{module}")
