"""Bounded input: body limits before reading, JSON depth, per-message text caps, strings every store takes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, HTTPException, Request
from typer.testing import CliRunner

from hotel_agent.api.limits import RequestLimitsMiddleware, load_json
from hotel_agent.channels.sanitize import MAX_TEXT_CHARS, clean_text, id_problem
from hotel_agent.channels.whatsapp import parse_notification
from tests import whatsapp_payloads as wa


def test_clean_text_replaces_what_no_store_takes_and_keeps_the_rest() -> None:
    assert clean_text("hola \ud800 x\x00y") == "hola \ufffd x\ufffdy"
    assert clean_text("¿qué tal? 😀 ñ") == "¿qué tal? 😀 ñ"
    assert len(clean_text("a" * 10_000)) == MAX_TEXT_CHARS


@pytest.mark.parametrize("bad", ["a\x00b", "a\ud800", "tab\there", "x" * 129])
def test_an_id_with_control_characters_surrogates_or_too_long_is_refused(bad: str) -> None:
    assert id_problem(bad) is not None


def test_ordinary_ids_pass() -> None:
    assert id_problem("34611111111") is None
    assert id_problem("wamid.HBgLMzQ2MTExMTExMTEVAgASGBQzRUI==") is None
    assert id_problem("web/7f3a@example.com") is None


@pytest.mark.parametrize("depth", [65, 1_000, 100_000])
def test_json_nested_too_deep_is_a_400_not_a_recursion_error(depth: int) -> None:
    body = b"[" * depth + b"]" * depth
    with pytest.raises(HTTPException) as caught:
        load_json(body)
    assert caught.value.status_code == 400 and "nested deeper" in caught.value.detail


def test_json_within_the_depth_and_many_brackets_parses() -> None:
    messages = [{"id": f"w{i}", "from": "1", "type": "text", "text": {"body": "x"}} for i in range(200)]
    batch = wa.notification([], messages)
    assert load_json(json.dumps(batch).encode()) == batch
    deep: Any = []
    for _ in range(63):
        deep = [deep]
    assert load_json(json.dumps(deep).encode()) == deep


def test_invalid_json_is_a_400() -> None:
    with pytest.raises(HTTPException) as caught:
        load_json(b"{nope")
    assert caught.value.status_code == 400


def _message(**overrides: Any) -> dict[str, Any]:
    return {"from": "34611111111", "id": "wamid.ok", "type": "text", "text": {"body": "hola"}, **overrides}


def test_a_bad_message_is_skipped_without_sinking_its_batch() -> None:
    payload = wa.notification(
        [],
        [
            _message(id="wamid.long-from", **{"from": "3" * 129}),
            _message(id="wamid.nul\x00"),
            _message(id="wamid.ok"),
        ],
    )
    assert [m.id for m in parse_notification(payload)] == ["wamid.ok"]


def test_whatsapp_text_is_capped_and_made_storable() -> None:
    payload = wa.notification([{"wa_id": "346", "profile": {"name": "A\x00na"}}], [])
    payload["entry"][0]["changes"][0]["value"]["messages"] = [
        _message(id="w1", **{"from": "346"}, text={"body": "x" * 5_000_000}),
        _message(id="w2", **{"from": "346"}, text={"body": "hola \ud800 x"}),
    ]
    big, poison = parse_notification(payload)
    assert big.text is not None and len(big.text) == MAX_TEXT_CHARS
    assert poison.text == "hola \ufffd x" and poison.guest_name == "A\ufffdna"
    poison.text.encode("utf-8")  # any store can encode it


def _echo_app(limit: int) -> FastAPI:
    app = FastAPI()

    @app.post("/echo")
    async def echo(request: Request) -> dict[str, int]:
        return {"size": len(await request.body())}

    @app.get("/items/{item}")
    async def item(item: str) -> dict[str, str]:
        return {"item": item}

    app.add_middleware(RequestLimitsMiddleware, default_limit=limit, limits=[("/small/", 10)])
    return app


async def test_a_declared_body_over_the_limit_is_refused_before_a_byte_is_read() -> None:
    app = _echo_app(limit=1000)
    reads = 0

    async def receive() -> dict[str, Any]:
        nonlocal reads
        reads += 1
        return {"type": "http.request", "body": b"x" * 1000, "more_body": True}

    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/echo",
        "raw_path": b"/echo",
        "query_string": b"",
        "headers": [(b"content-length", str(10**9).encode())],
        "http_version": "1.1",
        "scheme": "http",
        "server": ("test", 80),
        "root_path": "",
    }
    await app(scope, receive, send)  # type: ignore[arg-type]
    assert reads == 0
    assert sent[0]["status"] == 413
    assert json.loads(sent[1]["body"])["detail"] == "request body larger than 1000 bytes"


async def test_a_streamed_body_is_cut_off_at_the_limit() -> None:
    app = _echo_app(limit=1000)

    async def chunks() -> Any:
        for _ in range(100):
            yield b"x" * 100

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        small = await client.post("/echo", content=b"x" * 1000)
        assert small.json() == {"size": 1000}
        big = await client.post("/echo", content=chunks())  # no Content-Length: chunked
        assert big.status_code == 413 and big.json() == {"detail": "request body larger than 1000 bytes"}


async def test_nul_in_the_url_is_a_400() -> None:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=_echo_app(limit=1000)), base_url="http://t"
    ) as client:
        assert (await client.get("/items/a%00b")).status_code == 400
        assert (await client.get("/items/a", params={"q": "x\x00"})).status_code == 400
        assert (await client.get("/items/a%2Fb")).status_code == 404  # ordinary routing still applies


def test_the_operators_admin_token_is_never_printed_a_generated_one_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    from hotel_agent.cli import app
    from hotel_agent.settings import get_settings

    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: None)
    monkeypatch.setenv("HOTEL_AGENT_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    for token in ("operator-secret-token-123456", ""):
        monkeypatch.setenv("HOTEL_AGENT_ADMIN_TOKEN", token)
        get_settings.cache_clear()
        output = runner.invoke(app, ["serve"]).output
        if token:
            assert token not in output and "HOTEL_AGENT_ADMIN_TOKEN" in output
        else:
            generated = (tmp_path / "admin_token").read_text().strip()
            assert generated.startswith("dev-") and generated in output
    get_settings.cache_clear()


def test_serve_keeps_the_access_log_unless_the_setting_turns_it_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    from hotel_agent.cli import app
    from hotel_agent.settings import get_settings

    calls: list[dict[str, object]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: calls.append(kwargs))
    monkeypatch.setenv("HOTEL_AGENT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("HOTEL_AGENT_ADMIN_TOKEN", "operator-secret-token-123456")
    for value, expected in ((None, True), ("false", False), ("true", True)):
        if value is None:
            monkeypatch.delenv("HOTEL_AGENT_ACCESS_LOG", raising=False)
        else:
            monkeypatch.setenv("HOTEL_AGENT_ACCESS_LOG", value)
        get_settings.cache_clear()
        assert CliRunner().invoke(app, ["serve"]).exit_code == 0
        assert calls[-1]["access_log"] is expected
    get_settings.cache_clear()
