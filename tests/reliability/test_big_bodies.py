"""Huge bodies before authentication: refused without being read, so the server's memory stays flat.

Raw sockets, so the client can declare 1 GB and then send as little as it likes, or stream a body with no
length at all and see where the server stops taking it."""

from __future__ import annotations

import socket
import time
from urllib.parse import urlsplit

from tests.reliability import live

GB = 1024**3
MB = 1024**2


def _connect(server: live.LiveServer) -> socket.socket:
    url = urlsplit(server.url)
    sock = socket.create_connection((url.hostname, url.port), timeout=30)
    sock.settimeout(30)
    return sock


def _read_status(sock: socket.socket) -> int:
    data = b""
    while b"\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return int(data.split(b" ", 2)[1])


def _headers(path: str, extra: str) -> bytes:
    return (f"POST {path} HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n{extra}\r\n").encode()


def test_a_declared_gigabyte_is_refused_before_a_byte_is_read(sqlite_server: live.LiveServer) -> None:
    rss_before, _ = sqlite_server.rss_kib()
    for path in ("/webhooks/whatsapp", "/api/v1/messages"):
        with _connect(sqlite_server) as sock:
            started = time.monotonic()
            sock.sendall(_headers(path, f"Content-Length: {GB}\r\n"))
            assert _read_status(sock) == 413
            assert time.monotonic() - started < 10  # answered without waiting for the body
    rss_after, _ = sqlite_server.rss_kib()
    # The shared server may still be processing earlier tests' messages (it grew 57 MB once that way); a
    # gigabyte taken for the declared body would be far above this bound.
    assert rss_after - rss_before < 256 * 1024, (rss_before, rss_after)


def test_a_streamed_gigabyte_is_cut_off_near_the_limit(sqlite_server: live.LiveServer) -> None:
    """Chunked, no Content-Length: the server stops at the limit (1 MiB) and closes; the client cannot push
    the rest. What it managed to send is the limit plus the kernel's socket buffers."""
    rss_before, _ = sqlite_server.rss_kib()
    chunk = b"x" * (64 * 1024)
    frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    with _connect(sqlite_server) as sock:
        sock.sendall(_headers("/webhooks/whatsapp", "Transfer-Encoding: chunked\r\n"))
        sent = 0
        try:
            while sent < GB:
                sock.sendall(frame)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass
        assert sent < 64 * MB, f"the server kept reading: {sent / MB:.0f} MB sent"
        try:
            status = _read_status(sock)
        except (ConnectionResetError, OSError):
            status = 413  # reset before the client read the answer: the body was refused all the same
        assert status == 413
    rss_after, _ = sqlite_server.rss_kib()
    assert rss_after - rss_before < 50 * 1024, (rss_before, rss_after)
