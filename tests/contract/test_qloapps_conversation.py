"""The issue-12 conversation through the agent on a real QloApps: book, then cancel and change by chat.

availability → a room → name, email → summary total → "yes": the confirmation says the same total and
QloApps' order has it → "Please cancel my booking N" → "yes": cancelled, and QloApps' order state is 4.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

import httpx

from tests.contract.agent import bookings_of, say
from tests.contract.agent import service as service  # the fixture


def test_book_then_cancel_by_chat_on_qloapps(service: str) -> None:
    run = uuid.uuid4().hex[:6]
    guest, email = f"conv-{run}", f"conv-{run}@example.com"
    start = date.today() + timedelta(days=300 + int(run, 16) % 30)
    end = start + timedelta(days=7)
    with httpx.Client(base_url=service, timeout=120) as client:
        offers = say(
            client,
            guest,
            f"Do you have a room for 2 adults from {start:%B} {start.day}, {start.year} to {end:%B} {end.day}?",
        )
        assert "book_2" in [b["id"] for b in offers["reply"]["buttons"]], offers
        say(client, guest, "book_2")
        say(client, guest, "Lucia Fernandez")
        summary = say(client, guest, email)["reply"]["text"]
        total = re.search(r"Total: (USD [\d,]+\.\d\d)", summary)
        assert total, summary
        confirmed = say(client, guest, "yes")["reply"]["text"]
        number = re.search(r"Booking number: (\d+)", confirmed)
        assert number, confirmed
        assert f"Total: {total.group(1)}" in confirmed and "not the one I quoted" not in confirmed
        [order] = bookings_of(email)
        assert str(order["id"]) == number.group(1) and order["current_state"] == 1
        assert f"USD {float(order['total_paid_tax_incl']):,.2f}" == total.group(
            1
        )  # QloApps charges the quote

        new_in, new_out = start + timedelta(days=1), end + timedelta(days=1)
        change = f"I'd like to change booking {number.group(1)} to {new_in:%B} {new_in.day} to {new_out:%B} {new_out.day}"
        proposal = say(client, guest, change)["reply"]["text"]
        assert f"I'll change booking {number.group(1)}" in proposal, proposal
        changed = say(client, guest, "yes")["reply"]["text"]
        new_total = re.search(r"New total: (USD [\d,]+\.\d\d)", changed)
        assert new_total and f"Your booking {number.group(1)} is now" in changed, changed
        [order] = bookings_of(email)
        assert f"USD {float(order['total_paid_tax_incl']):,.2f}" == new_total.group(1)
        assert new_total.group(1) == total.group(1)  # same room, same length of stay, same demo price
        total = new_total

        ask = say(client, guest, f"Please cancel my booking {number.group(1)}")["reply"]["text"]
        assert f"cancel booking {number.group(1)}" in ask, ask
        done = say(client, guest, "yes")["reply"]["text"]
        assert f"Your booking {number.group(1)} has been cancelled" in done, done
    [order] = bookings_of(email)
    assert order["current_state"] == 4  # cancelled in QloApps
    assert f"USD {float(order['total_paid_tax_incl']):,.2f}" == total.group(1)  # and no price rewritten
