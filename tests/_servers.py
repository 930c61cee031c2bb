"""Helpers for tests that start a server process."""

from __future__ import annotations

import subprocess


def stop(server: subprocess.Popen, timeout: float = 30) -> None:
    """Ask ``server`` to stop, and kill it if it has not stopped in ``timeout``
    seconds."""
    server.terminate()
    try:
        server.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=timeout)
