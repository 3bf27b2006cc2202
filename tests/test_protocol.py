"""The serve command's HTTP protocol joins the writes of one loop turn."""

from __future__ import annotations

import asyncio
from typing import Any, cast

from dialbook.http.protocol import JoiningTransport


class RecordingTransport:
    """Stands in for a socket transport and records what reaches it."""

    def __init__(self) -> None:
        self.writes: list[bytes] = []
        self.closed = False

    def write(self, data: bytes) -> None:
        self.writes.append(data)

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed

    def get_extra_info(self, name: str) -> Any:
        return ("127.0.0.1", 8080) if name == "sockname" else None


def _joining(real: RecordingTransport) -> JoiningTransport:
    return JoiningTransport(cast(asyncio.Transport, real))


def test_writes_of_one_turn_reach_the_socket_as_one() -> None:
    async def scenario() -> list[bytes]:
        real = RecordingTransport()
        joining = _joining(real)
        joining.write(b"HTTP/1.1 200 OK\r\n\r\n")
        joining.write(b"{}")
        await asyncio.sleep(0)
        return real.writes

    assert asyncio.run(scenario()) == [b"HTTP/1.1 200 OK\r\n\r\n{}"]


def test_close_sends_what_is_held_first() -> None:
    async def scenario() -> RecordingTransport:
        real = RecordingTransport()
        joining = _joining(real)
        joining.write(b"bye")
        joining.close()
        await asyncio.sleep(0)
        return real

    real = asyncio.run(scenario())

    assert real.writes == [b"bye"] and real.closed


def test_other_transport_calls_go_to_the_socket() -> None:
    async def scenario() -> Any:
        return _joining(RecordingTransport()).get_extra_info("sockname")

    assert asyncio.run(scenario()) == ("127.0.0.1", 8080)
