"""Run ``dialbook serve`` as ``make run`` does, one worker, and read its memory."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

READY_TIMEOUT = 60.0


@dataclass
class Server:
    """A running server: its process, where it listens and where it logs."""

    process: subprocess.Popen[bytes]
    port: int
    log_path: Path

    @property
    def base_url(self) -> str:
        """Where the API answers, without the path."""
        return f"http://127.0.0.1:{self.port}"

    def memory(self) -> dict[str, float]:
        """Resident memory of the worker now and at its peak, in MB (2^20 bytes)."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        fields = dict(line.split(":", 1) for line in status.splitlines())
        return {
            "rss_mb": round(int(fields["VmRSS"].split()[0]) / 1024, 1),
            "peak_rss_mb": round(int(fields["VmHWM"].split()[0]) / 1024, 1),
        }

    def cpu_seconds(self) -> float:
        """CPU time the worker has used so far, user and system, in seconds."""
        stat = Path(f"/proc/{self.process.pid}/stat").read_text()
        fields = stat.rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(database_url: str, log_path: Path, **env: str) -> Iterator[Server]:
    """Start ``dialbook serve`` on a free port; stop it, by its pid, on exit."""
    port = free_port()
    command = [_dialbook(), "serve", "--database", database_url, "--port", str(port)]
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, env=os.environ | env
        )
    server = Server(process, port, log_path)
    try:
        _wait_until_ready(server)
        yield server
    finally:
        _stop(process)


def _dialbook() -> str:
    return str(Path(sys.executable).with_name("dialbook"))


def _wait_until_ready(server: Server) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server exited; see {server.log_path}")
        try:
            post(server.base_url + "/api/v2/Service/ping", b"{}")
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer in {READY_TIMEOUT:.0f} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def post(url: str, body: bytes) -> tuple[int, dict[str, Any]]:
    """POST ``body`` and return the HTTP status with the decoded envelope."""
    request = urllib.request.Request(url, data=body, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
