"""Service endpoints: ``Service/ping``, the cheapest answer the server gives.

A ping needs no credentials and touches no database, but it passes through
the same dispatcher as every other call (route, POST, body, envelope, log
line), so a load balancer can use it as a health check and the benchmark as
the ceiling every other endpoint is measured against.
"""

from __future__ import annotations

from dialbook.api.registry import Call, Envelope, endpoint, written


@endpoint("Service/ping", role=None)
async def ping(call: Call) -> Envelope:
    """Answer at once with a static success envelope."""
    return written("pong")
