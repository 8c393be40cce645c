"""A local stand-in for the Graph API's media endpoints, with the failures the voice tests need.

A real HTTP server on a free 127.0.0.1 port. `GET /v21.0/{media_id}` answers the lookup JSON; the url it
gives, `GET /media/{media_id}?sig=...`, serves the bytes. Both check the bearer token. Each media can be
told to fail the lookup or the download with a status, to declare another file_size or Content-Length,
or to stream chunked without a Content-Length. The server records every request and whether each
download was sent in full or cut off by the client.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

_CHUNK = 64 * 1024


@dataclass
class FakeMedia:
    data: bytes
    mime_type: str = "audio/ogg; codecs=opus"
    declared_file_size: int | None = -1  # -1: the real size; None: not declared
    lookup_status: int = 200
    download_status: int = 200
    content_length: int | None = -1  # -1: the real size; None: chunked, no Content-Length


@dataclass(frozen=True)
class SeenRequest:
    kind: str  # lookup | download | other
    media_id: str
    authorized: bool


class FakeMediaServer:
    def __init__(self, token: str = "media-token") -> None:
        self.token = token
        self.media: dict[str, FakeMedia] = {}
        self.requests: list[SeenRequest] = []
        self.downloads: dict[str, str] = {}  # media_id -> "complete" | "cut off"
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.api_base = f"http://127.0.0.1:{self.port}/v21.0"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> FakeMediaServer:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def add(self, media_id: str, media: FakeMedia) -> None:
        self.media[media_id] = media

    def seen(self, kind: str) -> list[SeenRequest]:
        with self._lock:
            return [r for r in self.requests if r.kind == kind]

    def download_outcome(self, media_id: str, timeout: float = 10.0) -> str:
        """Wait until the server has finished (or been cut off) sending the media."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if media_id in self.downloads:
                    return self.downloads[media_id]
            time.sleep(0.01)
        raise AssertionError(f"download of {media_id} never finished")

    def _record(self, request: SeenRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args: object) -> None:
                pass

            def do_GET(self) -> None:
                parts = urlsplit(self.path).path.strip("/").split("/")
                kind = {"v21.0": "lookup", "media": "download"}.get(parts[0], "other")
                media_id = parts[1] if len(parts) == 2 else ""
                authorized = self.headers.get("Authorization") == f"Bearer {fake.token}"
                fake._record(SeenRequest(kind, media_id, authorized))
                if not authorized:
                    self._json(401, {"error": {"message": "Invalid OAuth access token.", "code": 190}})
                    return
                media = fake.media.get(media_id)
                if kind == "other" or media is None:
                    self._json(404, {"error": {"message": "Unsupported get request.", "code": 100}})
                    return
                if kind == "lookup":
                    self._lookup(media_id, media)
                else:
                    self._download(media_id, media)

            def _lookup(self, media_id: str, media: FakeMedia) -> None:
                if media.lookup_status != 200:
                    self._json(media.lookup_status, {"error": {"message": "Service unavailable", "code": 2}})
                    return
                body: dict[str, Any] = {
                    "messaging_product": "whatsapp",
                    "id": media_id,
                    "url": f"http://127.0.0.1:{fake.port}/media/{media_id}?sig=signed-secret",
                    "mime_type": media.mime_type,
                    "sha256": "not-checked",
                }
                if media.declared_file_size is not None:
                    size = len(media.data) if media.declared_file_size == -1 else media.declared_file_size
                    body["file_size"] = size
                self._json(200, body)

            def _download(self, media_id: str, media: FakeMedia) -> None:
                if media.download_status != 200:
                    self._json(media.download_status, {"error": {"message": "Download failed", "code": 2}})
                    return
                self.send_response(200)
                self.send_header("Content-Type", media.mime_type)
                chunked = media.content_length is None
                if chunked:
                    self.send_header("Transfer-Encoding", "chunked")
                else:
                    length = len(media.data) if media.content_length == -1 else media.content_length
                    self.send_header("Content-Length", str(length))
                self.end_headers()
                try:
                    for start in range(0, len(media.data), _CHUNK):
                        piece = media.data[start : start + _CHUNK]
                        if chunked:
                            self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                        else:
                            self.wfile.write(piece)
                        self.wfile.flush()
                    if chunked:
                        self.wfile.write(b"0\r\n\r\n")
                        self.wfile.flush()
                    outcome = "complete"
                except (TimeoutError, BrokenPipeError, ConnectionResetError):
                    outcome = "cut off"
                    self.close_connection = True
                with fake._lock:
                    fake.downloads[media_id] = outcome

            def _json(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler
