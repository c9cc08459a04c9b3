"""Ports the operating system hands out, so that two test runs (or xdist workers) never collide."""

import contextlib
import socket


@contextlib.contextmanager
def closed_port():
    """A local port where nothing listens: bound (so no one else takes it) but never listening,
    so every connection is refused, as to a stopped server."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        port = held.getsockname()[1]
        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", port)) != 0, "the port must be closed"
        yield port


@contextlib.contextmanager
def silent_port():
    """A local port that accepts connections (into the backlog) and never answers, as a wedged
    server does."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        yield silent.getsockname()[1]
