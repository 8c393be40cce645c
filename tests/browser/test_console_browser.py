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
import time
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
CLI = [sys.executable, "-m", "hotel_agent"]
ADMIN_TOKEN = "browser-test-admin-token"
APP_SECRET = "browser-test-app-secret"
EMAIL, PASSWORD = "ana@hotel.test", "a long staff password"
BOB = "bob@hotel.test"
GUEST = "34611222333"
DESKTOP = {"width": 1280, "height": 860}
# Every wait is for a condition; on a slow, shared 2-core machine a condition may take seconds to hold.
EXPECT_TIMEOUT_MS = 30_000
PHONE = {"width": 390, "height": 844}


@dataclass
class Service:
    url: str  # what the browser uses: http://localhost:PORT (a secure context, so Secure cookies work)
    api: httpx.Client  # the guest's side: webhook and chat API
    graph: FakeGraphAPI
    env: dict[str, str]  # the service's settings, for the CLI


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
                yield Service(f"http://localhost:{port}", api, graph, env)
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
            log.close()


def _add_staff(service: Service, email: str, role: str, name: str) -> None:
    added = subprocess.run(
        [*CLI, "staff", "add", email, "--role", role, "--name", name, "--password-stdin"],
        input=PASSWORD + "\n",
        env=service.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert added.returncode == 0, added.stderr


def _say_on_whatsapp(
    service: Service, text: str, message_id: str, guest: str = GUEST, name: str = "Lucía Pérez"
) -> None:
    body, headers = wa.signed(wa.text_message(guest, message_id, text, name=name), APP_SECRET)
    response = service.api.post("/webhooks/whatsapp", content=body, headers=headers)
    assert response.status_code == 200, response.text


def _log_in(page: Page, url: str, email: str) -> None:
    page.goto(f"{url}/console/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def test_a_shift_in_the_console(service: Service, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    shots = Path(os.environ.get("HOTEL_AGENT_CONSOLE_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=DESKTOP, locale="en-US")
        page = context.new_page()
        page.set_default_timeout(EXPECT_TIMEOUT_MS)

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
        bob_page.set_default_timeout(EXPECT_TIMEOUT_MS)
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
        page.fill("#reply-text", reply)
        page.click("#reply-form button[type=submit]")
        expect(page.locator(".notice")).to_contain_text("Reply sent")
        sent = service.graph.wait_for(GUEST, 2)
        assert sent[-1]["type"] == "text" and sent[-1]["text"]["body"] == reply
        expect(page.locator(".msg.kind-staff")).to_contain_text("Ana (staff)")

        # An empty reply is refused with a message; nothing goes out.
        page.fill("#reply-text", "   ")
        page.click("#reply-form button[type=submit]")
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


# What a front-desk user sees, in each language (the console's own words, from console/i18n.py).
WORDS = {
    "en": {
        "failed": "Wrong e-mail or password.",
        "locked": "Too many failed attempts",
        "inbox": "Inbox",
        "other_inbox": "Bandeja",
        "needs_person": "Needs a person",
        "unread": "unread",
        "acted": "acted on this reading",
        "handed_off": "handed the guest to a person",
        "read_now": "read now, not at the time",
        "you_hold": "You hold this conversation",
        "sent": "Reply sent",
        "saved": "Canned response saved.",
        "correction_saved": "Correction saved",
        "corrected": "Corrected by staff: report_issue",
        "no_handoff": "The agent is answering",
        "empty_reply": "The reply is empty",
        "breaker_done": "Done: breaker — Reset: now closed",
        "wa_id": "WhatsApp id",
    },
    "es": {
        "failed": "Correo o contraseña incorrectos.",
        "locked": "Demasiados intentos fallidos",
        "inbox": "Bandeja",
        "other_inbox": "Inbox",
        "needs_person": "Necesita una persona",
        "unread": "sin leer",
        "acted": "actuó según esta lectura",
        "handed_off": "pasó al huésped a una persona",
        "read_now": "leído ahora, no en su momento",
        "you_hold": "Atiendes tú esta conversación",
        "sent": "Respuesta enviada",
        "saved": "Respuesta rápida guardada.",
        "correction_saved": "Corrección guardada",
        "corrected": "Corregido por el personal: report_issue",
        "no_handoff": "El agente atiende esta conversación",
        "empty_reply": "La respuesta está vacía",
        "breaker_done": "Hecho: disyuntor — Reiniciar: ahora cerrado",
        "wa_id": "Id de WhatsApp",
    },
}
# What the guests say (the booking script is the one tests/integration/test_conversations_api.py books with).
GUESTS = {
    "en": {
        "wa": "447700900123",
        "wa_name": "Oliver Brown",
        "person": "Hello, I would like to speak to a person please",
        "word": "speak",  # only in that message
        "booking": [
            "Hi! Do you have a double room from March 10 to 12 for 2 adults?",
            "<book>",
            "John Smith",
            "john.smith@example.com",
            "yes",
        ],
        "booker": "John Smith",
        "canned": "Hi {name}, parking is free for guests.",
        "filled": "Hi Oliver, parking is free for guests.",
    },
    "es": {
        "wa": "34611000999",
        "wa_name": "Carmen Ruiz",
        "person": "Hola, quiero hablar con una persona del hotel",
        "word": "hablar",
        "booking": [
            "Hola, ¿tenéis habitación doble del 3 al 5 de marzo para dos personas?",
            "<book>",
            "Ana García",
            "ana.garcia@example.com",
            "sí",
        ],
        "booker": "Ana García",
        "canned": "Hola {name}, el parking es gratuito para los huéspedes.",
        "filled": "Hola Carmen, el parking es gratuito para los huéspedes.",
    },
}


def _chat_booking(service: Service, guest_id: str, lines: list[str]) -> None:
    """A chat guest books a room through the agent (the chat API answers each turn)."""
    token: str | None = None
    book_button: str | None = None
    for line in lines:
        text = book_button if line == "<book>" else line
        assert text, "the agent offered no room to book"
        headers = {"X-Conversation-Token": token} if token else {}
        said = service.api.post(
            "/api/v1/messages", json={"guest_id": guest_id, "text": text}, headers=headers
        )
        assert said.status_code == 200, said.text
        body = said.json()
        token = body["conversation_token"]
        if body["delivery"] != "answered":  # a slow machine: the answer follows in the poll
            _wait_for_replies(service, guest_id, token, lines.index(line) + 1)
            continue
        buttons = [b["id"] for b in body["reply"]["buttons"]]
        book_button = book_button or next((b for b in buttons if b.startswith("book_")), None)


def _wait_for_replies(service: Service, guest_id: str, token: str, count: int, timeout: float = 60) -> None:
    """Poll the chat's replies until there are `count` (the condition), as a web chat would."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        replies = service.api.get(f"/api/v1/messages/{guest_id}", headers={"X-Conversation-Token": token})
        if len(replies.json()["replies"]) >= count:
            return
        time.sleep(0.2)  # the poll's interval, not a wait for something to happen
    raise AssertionError(f"{guest_id}: no answer to message {count} in {timeout} s")


def _fits_the_screen(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


@pytest.mark.parametrize(
    ("device", "lang"), [("laptop", "en"), ("phone", "es")], ids=["laptop-en", "phone-es"]
)
def test_a_new_front_desk_user_walks_through_the_console(service: Service, device: str, lang: str) -> None:
    """Every part of the console a new front-desk user meets, in the browser's language, at the device's
    width: throttled logins, switching language, a guest asking for a person arriving live with its unread
    count, what the agent understood, search and filters, canned responses, take over, reply, a private
    note, teaching the agent, hand back, a forged request refused, an operations result in the language."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    words, guests = WORDS[lang], GUESTS[lang]
    desk, locked = f"desk-{lang}@hotel.test", f"locked-{lang}@hotel.test"
    _add_staff(service, desk, "agent", f"Desk {lang.upper()}")
    _add_staff(service, locked, "agent", "Locked")
    booker = f"booker-{lang}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        options = (
            {"viewport": PHONE, "is_mobile": True, "has_touch": True}
            if device == "phone"
            else {"viewport": DESKTOP}
        )
        context = browser.new_context(locale="es-ES" if lang == "es" else "en-GB", **options)
        page = context.new_page()
        page.set_default_timeout(EXPECT_TIMEOUT_MS)

        # Five wrong passwords lock the account: the right one is then refused too, and says for how long.
        page.goto(f"{service.url}/console/login")
        for _ in range(5):
            page.fill("input[name=email]", locked)
            page.fill("input[name=password]", "not the password")
            page.click("button[type=submit]")
            expect(page.locator(".error")).to_contain_text(words["failed"])
        page.fill("input[name=email]", locked)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        expect(page.locator(".error")).to_contain_text(words["locked"])

        # Log in; the console speaks the browser's language and switches to the other one and back.
        _log_in(page, service.url, desk)
        expect(page.locator("header nav a").first).to_have_text(words["inbox"])
        other = "en" if lang == "es" else "es"
        page.click(f".langs a[href^='/console/lang/{other}']")
        expect(page.locator("header nav a").first).to_have_text(words["other_inbox"])
        page.click(f".langs a[href^='/console/lang/{lang}']")
        expect(page.locator("header nav a").first).to_have_text(words["inbox"])
        expect(page.locator("#live")).to_be_visible()

        # A guest asks for a person on WhatsApp: the conversation appears live, flagged, with its unread count.
        wa_guest = guests["wa"]
        _say_on_whatsapp(service, guests["person"], f"wamid.walk.{lang}.1", wa_guest, guests["wa_name"])
        row = page.locator(f'li.conv[data-guest="{wa_guest}"]')
        expect(row).to_contain_text(words["needs_person"])
        expect(row).to_contain_text(guests["wa_name"])
        expect(row.locator(".badge.unread")).to_have_text(f"1 {words['unread']}")

        # A chat guest books a room; the conversation appears live too, five messages unread.
        _chat_booking(service, booker, guests["booking"])
        booked = page.locator(f'li.conv[data-guest="{booker}"]')
        expect(booked.locator(".badge.unread")).to_have_text(f"5 {words['unread']}")
        assert _fits_the_screen(page)

        # The booking's conversation: the booking from the PMS, what the agent understood at each turn.
        booked.locator("a").click()
        expect(page.locator("h1")).to_have_text(guests["booker"])
        booking_id = page.locator("#bookings li strong").first.inner_text()
        assert booking_id.strip()
        first = page.locator(".msg.in").first
        expect(first.locator("summary")).to_contain_text("check_availability")
        expect(first.locator("summary")).to_contain_text(words["acted"])
        expect(page.locator(".msg.in summary", has_text=words["read_now"])).to_have_count(0)
        assert _fits_the_screen(page)

        # Read now: back in the inbox its unread count is gone.
        page.click("a.back")
        expect(booked).to_be_visible()
        expect(booked.locator(".badge.unread")).to_have_count(0)

        # Search by booking number, by name, by the words of a message; filter by need and by channel.
        def shown_after(fill: dict[str, str], checks: tuple[str, ...] = ()) -> set[str]:
            page.goto(f"{service.url}/console/inbox")
            for selector, value in fill.items():
                if selector.startswith("select"):
                    page.select_option(selector, value)
                else:
                    page.fill(selector, value)
            for box in checks:
                page.check(box)
            page.click("form.filters button[type=submit]")
            expect(page.locator("#inbox-list")).to_be_visible()
            guests_shown = page.locator("li.conv").evaluate_all("(rows) => rows.map(r => r.dataset.guest)")
            return set(guests_shown) & {wa_guest, booker}

        search = "input[name=q]"
        assert shown_after({search: booking_id}) == {booker}
        assert shown_after({search: guests["booker"].split()[1]}) == {booker}
        assert shown_after({search: guests["wa_name"]}) == {wa_guest}
        assert shown_after({search: guests["word"]}) == {wa_guest}
        assert shown_after({}, ("input[name=needs_person]",)) == {wa_guest}
        assert shown_after({"select[name=channel]": "chat"}) == {booker}
        assert shown_after({"select[name=channel]": "whatsapp"}) == {wa_guest}
        assert shown_after({"select[name=language]": lang}) == {wa_guest, booker}

        # A canned response for the team.
        page.goto(f"{service.url}/console/canned")
        page.fill("#canned-add input[name=title]", f"Parking {lang}")
        page.fill("#canned-add textarea[name=text]", guests["canned"])
        page.select_option("#canned-add select[name=language]", lang)
        page.click("#canned-add button[type=submit]")
        expect(page.locator(".notice")).to_have_text(words["saved"])

        # Take over the guest who asked for a person; the handoff turn says what the agent decided.
        page.goto(f"{service.url}/console/inbox")
        row.locator("a").click()
        expect(page.locator(".msg.in").first.locator("summary")).to_contain_text(words["handed_off"])
        page.click("#take-over")
        expect(page.locator("#handoff")).to_contain_text(words["you_hold"])
        assert _fits_the_screen(page)

        # Insert the canned response (filled with the guest's name), edit it, send it.
        page.select_option("#canned-pick select", label=f"Parking {lang}")
        address = page.url
        page.click("#canned-pick button[type=submit]")
        reply_box = page.locator("#reply-text")
        expect(reply_box).to_have_value(guests["filled"])
        assert page.url == address  # inserted in place, nothing sent
        reply_box.press("End")
        reply_box.type(" :)")
        sent_before = len(service.graph.messages_to(wa_guest))
        page.click("#reply-form button[type=submit]")
        expect(page.locator(".notice")).to_contain_text(words["sent"])
        sent = service.graph.wait_for(wa_guest, sent_before + 1)
        assert sent[-1]["text"]["body"] == guests["filled"] + " :)"
        staff_reply = page.locator(".msg.kind-staff").last
        expect(staff_reply).to_contain_text(f"Desk {lang.upper()}")
        expect(staff_reply.locator(".provider-id")).to_contain_text(words["wa_id"])
        expect(staff_reply.locator(".provider-id code")).to_have_text(
            f"wamid.out.{service.graph.sent.index(sent[-1]) + 1}"
        )

        # An empty reply is refused, nothing goes out.
        page.fill("#reply-text", "  ")
        page.click("#reply-form button[type=submit]")
        expect(page.locator("#error")).to_contain_text(words["empty_reply"])

        # A private note: on the page, never sent to the guest.
        note = f"Guest {lang}: call back after 18:00"
        page.fill("#notes textarea[name=note]", note)
        page.click("#notes button[type=submit]")
        expect(page.locator("#notes")).to_contain_text(note)
        assert len(service.graph.messages_to(wa_guest)) == sent_before + 1

        # Teach the agent: the guest's message was a complaint, not a request for a person.
        inbound = page.locator(".msg.in").first
        inbound.locator("summary").click()
        inbound.locator("select[name=intent]").select_option("report_issue")
        inbound.locator("form.correct button").click()
        expect(page.locator(".notice")).to_contain_text(words["correction_saved"])
        expect(page.locator(".msg.in").first).to_contain_text(words["corrected"])

        # Hand back to the agent.
        page.click("#hand-back")
        expect(page.locator("#handoff")).to_contain_text(words["no_handoff"])

        # A request without the session's CSRF token is refused, and takes nothing over.
        forged = page.evaluate(
            """async (guest) => (await fetch('/console/conversation/take', {method: 'POST',
                 body: new URLSearchParams({channel: 'whatsapp', guest_id: guest})})).status""",
            wa_guest,
        )
        assert forged == 403
        expect(page.locator("#take-over")).to_be_visible()
        context.close()

        # An admin's operations page answers in the same language.
        admin = browser.new_context(locale="es-ES" if lang == "es" else "en-GB", **options)
        admin_page = admin.new_page()
        admin_page.set_default_timeout(EXPECT_TIMEOUT_MS)
        _log_in(admin_page, service.url, EMAIL)
        admin_page.goto(f"{service.url}/console/ops")
        admin_page.click("#breaker form[action$='reset'] button")
        expect(admin_page.locator("#result")).to_have_text(words["breaker_done"])
        assert _fits_the_screen(admin_page)
        admin.close()
        browser.close()
