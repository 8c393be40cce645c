"""The staff console in a real browser: Debian's Chromium (headless) driven by Playwright, against the real
service started as `hotel-agent serve` (uvicorn), WhatsApp replies going to the local fake Graph API.

One walk through a staff member's shift: log in, see a WhatsApp message arrive live (no reload), take over,
reply (it reaches the Graph API), correct the engine's reading, hand back, retry a DLQ entry from the
operations page, and forged requests refused. Screenshots of the inbox and the conversation at desktop
and phone widths go to tmp_path, or to HOTEL_AGENT_CONSOLE_SCREENSHOTS (docs/console in the repo)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from tests import whatsapp_payloads as wa

if TYPE_CHECKING:
    from playwright.sync_api import Page
from tests.fake_graph import FakeGraphAPI
from tests.services import free_port, wait_port

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ADMIN_TOKEN = "browser-test-admin-token"
APP_SECRET = "browser-test-app-secret"
EMAIL, PASSWORD = "ana@hotel.test", "a long staff password"
BOB = "bob@hotel.test"
GUEST = "34611222333"
DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 390, "height": 844}


@dataclass
class Service:
    url: str  # what the browser uses: http://localhost:PORT (a secure context, so Secure cookies work)
    api: httpx.Client  # the guest's side: webhook and chat API
    graph: FakeGraphAPI


def _env(tmp_path: Path, graph: FakeGraphAPI) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("HOTEL_AGENT_")}
    return {
        **clean,
        "HOTEL_AGENT_ENVIRONMENT": "test",
        "HOTEL_AGENT_DATA_DIR": str(tmp_path),
        "HOTEL_AGENT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/hotel_agent.db",
        "HOTEL_AGENT_ADMIN_TOKEN": ADMIN_TOKEN,
        "HOTEL_AGENT_WHATSAPP_APP_SECRET": APP_SECRET,
        "HOTEL_AGENT_WHATSAPP_ACCESS_TOKEN": graph.token,
        "HOTEL_AGENT_WHATSAPP_PHONE_NUMBER_ID": graph.phone_number_id,
        "HOTEL_AGENT_WHATSAPP_API_BASE": graph.base_url,
        # The operator retries the DLQ entry from the console; the in-process worker would race it.
        "HOTEL_AGENT_DLQ_RUN_WORKER_IN_PROCESS": "false",
        # Rules only: the browser walk measures the console, not the embedding model's start-up.
        "HOTEL_AGENT_NLP_USE_EMBEDDINGS": "false",
        "HOTEL_AGENT_PMS_BREAKER_RECOVERY_SECONDS": "1",
    }


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} not found: run `make test` (it installs Debian's chromium)")
    tmp_path = tmp_path_factory.mktemp("console-browser")
    with FakeGraphAPI() as graph:
        env = _env(tmp_path, graph)
        cli = [sys.executable, "-m", "hotel_agent"]
        for email, role, name in ((EMAIL, "admin", "Ana"), (BOB, "agent", "Bob")):
            added = subprocess.run(
                [*cli, "staff", "add", email, "--role", role, "--name", name, "--password-stdin"],
                input=PASSWORD + "\n",
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert added.returncode == 0, added.stderr
        port = free_port()
        log = (tmp_path / "serve.log").open("w")
        server = subprocess.Popen(
            [*cli, "serve", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            wait_port("127.0.0.1", port, timeout=60)
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as api:
                yield Service(f"http://localhost:{port}", api, graph)
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
            log.close()


def _say_on_whatsapp(service: Service, text: str, message_id: str) -> None:
    body, headers = wa.signed(wa.text_message(GUEST, message_id, text, name="Lucía Pérez"), APP_SECRET)
    response = service.api.post("/webhooks/whatsapp", content=body, headers=headers)
    assert response.status_code == 200, response.text


def _log_in(page: Page, url: str, email: str) -> None:
    page.goto(f"{url}/console/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def test_a_shift_in_the_console(service: Service, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    shots = Path(os.environ.get("HOTEL_AGENT_CONSOLE_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=DESKTOP, locale="en-US")
        page = context.new_page()
        page.set_default_timeout(20_000)

        # Log in.
        page.goto(f"{service.url}/console/inbox")
        expect(page).to_have_url(f"{service.url}/console/login?next=%2Fconsole%2Finbox")
        page.fill("input[name=email]", EMAIL)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        expect(page.locator("text=No conversations.")).to_be_visible()
        expect(page.locator("#live")).to_be_visible()  # the event stream is open

        # A WhatsApp message arrives and shows up without a reload.
        _say_on_whatsapp(service, "Hola, quiero hablar con una persona del hotel", "wamid.browser.1")
        row = page.locator(f'li.conv[data-guest="{GUEST}"]')
        expect(row).to_be_visible()
        expect(row).to_contain_text("Needs a person")
        expect(row).to_contain_text("Lucía Pérez")
        service.graph.wait_for(GUEST, 1)  # the agent's own handoff reply
        service.api.post("/api/v1/messages", json={"guest_id": "web-guest-7", "text": "Do you have a pool?"})
        expect(page.locator('li.conv[data-guest="web-guest-7"]')).to_be_visible()
        page.screenshot(path=str(shots / "inbox-desktop.png"), full_page=True)

        # Bob has the same conversation open in his browser.
        bob = browser.new_context(viewport=DESKTOP, locale="en-US")
        bob_page = bob.new_page()
        bob_page.set_default_timeout(20_000)
        _log_in(bob_page, service.url, BOB)
        bob_page.locator(f'li.conv[data-guest="{GUEST}"]').click()
        expect(bob_page.locator("#take-over")).to_have_text("Take over")

        # Take over and reply: the reply goes out through the Graph API.
        row.click()
        expect(page.locator("h1")).to_have_text("Lucía Pérez")
        expect(page.locator("#handoff")).to_contain_text("guest asked for a person")
        page.click("#take-over")
        expect(page.locator("#handoff")).to_contain_text("You hold this conversation")
        # Bob sees it live, without reloading: taking it from Ana would be a knowing second step.
        expect(bob_page.locator("#handoff")).to_contain_text("Held by Ana")
        expect(bob_page.locator("#take-over")).to_have_text("Take it from Ana")
        bob.close()
        reply = "Hola Lucía, soy Ana de recepción. ¿En qué puedo ayudarte?"
        page.fill("#reply textarea[name=text]", reply)
        page.click("#reply button[type=submit]")
        expect(page.locator(".notice")).to_contain_text("Reply sent")
        sent = service.graph.wait_for(GUEST, 2)
        assert sent[-1]["type"] == "text" and sent[-1]["text"]["body"] == reply
        expect(page.locator(".msg.kind-staff")).to_contain_text("Ana (staff)")

        # An empty reply is refused with a message; nothing goes out.
        page.fill("#reply textarea[name=text]", "   ")
        page.click("#reply button[type=submit]")
        expect(page.locator("#error")).to_contain_text("The reply is empty")
        assert len(service.graph.messages_to(GUEST)) == 2

        # Correct the engine's reading of the guest's message.
        inbound = page.locator(".msg.in").first
        inbound.locator("summary").click()
        inbound.locator("select[name=intent]").select_option("report_issue")
        inbound.locator("form.correct button").click()
        expect(page.locator(".notice")).to_contain_text("Correction saved")
        expect(page.locator(".msg.in").first).to_contain_text("Corrected by staff: report_issue")
        page.screenshot(path=str(shots / "conversation-desktop.png"), full_page=True)

        # Phone width: the same pages, one column.
        phone = browser.new_context(viewport=PHONE, locale="es-ES", is_mobile=True, has_touch=True)
        phone.add_cookies(context.cookies())
        phone_page = phone.new_page()
        phone_page.goto(f"{service.url}/console/inbox")
        expect(phone_page.locator(f'li.conv[data-guest="{GUEST}"]')).to_contain_text("Atendida por Ana")
        phone_page.screenshot(path=str(shots / "inbox-phone.png"), full_page=True)
        phone_page.locator(f'li.conv[data-guest="{GUEST}"]').click()
        expect(phone_page.locator("#handoff")).to_contain_text("Atiendes tú")
        phone_page.screenshot(path=str(shots / "conversation-phone.png"), full_page=True)
        phone.close()

        # With JavaScript off the pages still read (no live updates).
        no_js = browser.new_context(viewport=DESKTOP, locale="en-US", java_script_enabled=False)
        no_js_page = no_js.new_page()
        _log_in(no_js_page, service.url, BOB)
        no_js_page.locator(f'li.conv[data-guest="{GUEST}"] a').click()
        expect(no_js_page.locator(".msg.kind-staff")).to_contain_text(reply)
        expect(no_js_page.locator("#handoff")).to_contain_text("Held by Ana")
        no_js.close()

        # Hand back to the agent.
        page.click("#hand-back")
        expect(page.locator("#handoff")).to_contain_text("The agent is answering")

        # Forged requests: no CSRF token, another site's origin, no session.
        forged = page.evaluate(
            """async (guest) => (await fetch('/console/conversation/take', {method: 'POST',
                 body: new URLSearchParams({channel: 'whatsapp', guest_id: guest})})).status""",
            GUEST,
        )
        assert forged == 403
        token = page.locator("input[name=csrf_token]").first.get_attribute("value")
        cross_site = context.request.post(
            f"{service.url}/console/conversation/take",
            form={"channel": "whatsapp", "guest_id": GUEST, "csrf_token": token or ""},
            headers={"Origin": "https://evil.example"},
        )
        assert cross_site.status == 403
        stranger = browser.new_context()
        anonymous = stranger.request.post(
            f"{service.url}/console/conversation/take",
            form={"channel": "whatsapp", "guest_id": GUEST, "csrf_token": token or ""},
        )
        assert anonymous.status == 401
        stranger.close()
        holder = service.api.get("/admin/handoffs", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
        assert holder.json()["handoffs"] == []  # none of the forged take-overs happened

        # A PMS outage dead-letters a message; the operator retries it from the operations page.
        page.goto(f"{service.url}/console/ops")
        page.select_option("#faults select[name=mode]", "down")
        page.click("#faults button[type=submit]")
        expect(page.locator(".notice")).to_contain_text("faults")
        queued = service.api.post(
            "/api/v1/messages",
            json={
                "guest_id": "web-guest-8",
                "text": "Do you have a double room from 3 to 5 March for two people?",
            },
        )
        assert queued.json()["delivery"] == "queued"
        page.select_option("#faults select[name=mode]", "ok")
        page.click("#faults button[type=submit]")
        page.click("#breaker form[action$='reset'] button")
        expect(page.locator(".breaker-state")).to_have_text("closed")
        entry = page.locator("tr.dlq-entry")
        expect(entry).to_have_count(1)
        entry.locator("form[action$='/retry'] button").click()
        expect(page.locator(".notice")).to_contain_text(": success")
        expect(page.locator("tr.dlq-entry")).to_have_count(0)

        # Every action is in the audit log.
        page.goto(f"{service.url}/console/audit")
        for action in (
            "login",
            "take_over",
            "reply",
            "correct_intent",
            "hand_back",
            "pms_faults",
            "dlq_retry",
        ):
            expect(page.locator(f'tr.audit-row[data-action="{action}"]').first).to_be_visible()
        browser.close()


def test_screenshots_are_committed() -> None:
    """The README shows these; regenerate with HOTEL_AGENT_CONSOLE_SCREENSHOTS=docs/console."""
    folder = Path(__file__).resolve().parents[2] / "docs" / "console"
    for name in ("inbox-desktop", "conversation-desktop", "inbox-phone", "conversation-phone"):
        assert (folder / f"{name}.png").stat().st_size > 10_000
    assert shutil.which("chromium") or Path(CHROMIUM).exists()
