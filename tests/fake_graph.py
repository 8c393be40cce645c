"""A local stand-in for Meta's Graph API (WhatsApp's servers cannot run here): a real HTTP server on a free port.

It records the messages the service sends, serves media for voice notes, checks the bearer token on every
call, and can be told to refuse sends the way the Graph API does.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.services import free_port


class _GraphServer(ThreadingHTTPServer):
    # socketserver listens with a backlog of 5: a burst of 32 sends while the test process is busy overflowed
    # it, the kernel reset connections the service had opened, and the service rightly counted a failed send
    # (holding reply, then the answer from the DLQ) where Meta's servers would have taken the request.
    request_queue_size = 1024


class FakeGraphAPI:
    def __init__(self, token: str = "graph-token", phone_number_id: str = "1234567890") -> None:
        self.token = token
        self.phone_number_id = phone_number_id
        self.sent: list[dict[str, Any]] = []
        self.media: dict[str, tuple[bytes, str]] = {}
        self.fail_sends_with: tuple[int, dict[str, Any]] | None = None
        self.unauthorized_calls = 0
        # Fault hooks for crash tests: `before_send` returning False leaves the send unanswered and unrecorded
        # (the connection just closes); `after_send` runs once the 200 is written.
        self.before_send: Callable[[dict[str, Any]], bool] | None = None
        self.after_send: Callable[[dict[str, Any]], None] | None = None
        self._lock = threading.Lock()
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}/v21.0"
        self._server = _GraphServer(("127.0.0.1", self.port), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FakeGraphAPI:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def messages_to(self, wa_id: str) -> list[dict[str, Any]]:
        with self._lock:
            return [m for m in self.sent if m.get("to") == wa_id]

    def texts_to(self, wa_id: str) -> list[str]:
        return [message_text(m) for m in self.messages_to(wa_id)]

    def wait_for(self, wa_id: str, count: int = 1, timeout: float = 20.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.messages_to(wa_id)
            if len(found) >= count:
                return found
            time.sleep(0.02)
        raise AssertionError(f"{wa_id} got {len(self.messages_to(wa_id))} messages, expected {count}")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: object) -> None:
                pass

            def _authorized(self) -> bool:
                if self.headers.get("Authorization") != f"Bearer {fake.token}":
                    fake.unauthorized_calls += 1
                    self._json(401, {"error": {"message": "Invalid OAuth access token.", "code": 190}})
                    return False
                return True

            def _json(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                if not self._authorized():
                    return
                if self.path != f"/v21.0/{fake.phone_number_id}/messages":
                    self._json(404, {"error": {"message": "Unknown path", "code": 100}})
                    return
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                if fake.before_send is not None and not fake.before_send(body):
                    return
                if fake.fail_sends_with is not None:
                    status, error = fake.fail_sends_with
                    self._json(status, {"error": error})
                    return
                with fake._lock:
                    fake.sent.append(body)
                    number = len(fake.sent)
                self._json(
                    200, {"messaging_product": "whatsapp", "messages": [{"id": f"wamid.out.{number}"}]}
                )
                if fake.after_send is not None:
                    self.wfile.flush()
                    fake.after_send(body)

            def do_GET(self) -> None:
                if not self._authorized():
                    return
                parts = self.path.strip("/").split("/")
                if len(parts) == 3 and parts[1] == "files" and parts[2] in fake.media:
                    data, mime = fake.media[parts[2]]
                    self.send_response(200)
                    self.send_header("Content-Type", mime)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
                if len(parts) == 2 and parts[1] in fake.media:
                    data, mime = fake.media[parts[1]]
                    self._json(
                        200,
                        {
                            "url": f"{fake.base_url}/files/{parts[1]}",
                            "mime_type": mime,
                            "file_size": len(data),
                            "id": parts[1],
                            "messaging_product": "whatsapp",
                        },
                    )
                    return
                self._json(404, {"error": {"message": "Unsupported get request.", "code": 100}})

        return Handler


def message_text(message: dict[str, Any]) -> str:
    if message.get("type") == "text":
        return str(message["text"]["body"])
    if message.get("type") == "interactive":
        return str(message["interactive"]["body"]["text"])
    if message.get("type") == "template":
        return str(message["template"]["components"][0]["parameters"][0]["text"])
    return ""
