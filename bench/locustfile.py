"""Guest conversations for load tests: Spanish and English, through the chat API and the WhatsApp webhook.

Run by `make load` (bench/load.py), or by hand:
    locust -f bench/locustfile.py --headless -u 20 -r 5 -t 60s --host http://127.0.0.1:8002
Webhook bodies are signed with HOTEL_AGENT_WHATSAPP_APP_SECRET when it is set.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import random
import time
import uuid
from datetime import date

from locust import HttpUser, between, task

from hotel_agent.chaos.traffic import INFO_QUESTIONS, availability_question

APP_SECRET = os.environ.get("HOTEL_AGENT_WHATSAPP_APP_SECRET", "")


class ChatGuest(HttpUser):
    """A web-chat guest: asks availability, then something about the hotel, in one language."""

    weight = 3
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        self.rng = random.Random()
        self.language = self.rng.choice(["es", "en"])
        self.guest_id = f"load-chat-{uuid.uuid4().hex[:10]}"
        self.headers: dict[str, str] = {}  # the conversation token, once the first message returned it

    @task(3)
    def ask_availability(self) -> None:
        self._say(availability_question(self.rng, date.today(), self.language), "chat: availability")

    @task(2)
    def ask_info(self) -> None:
        self._say(self.rng.choice(INFO_QUESTIONS[self.language]), "chat: info")

    def _say(self, text: str, name: str) -> None:
        response = self.client.post(
            "/api/v1/messages",
            json={"guest_id": self.guest_id, "text": text},
            name=name,
            headers=self.headers,
        )
        if response.status_code == 200:
            self.headers = {"X-Conversation-Token": response.json()["conversation_token"]}


class WhatsAppGuest(HttpUser):
    """A WhatsApp guest: Meta posts the notification to the webhook; the reply goes out asynchronously."""

    weight = 2
    wait_time = between(1.0, 3.0)

    def on_start(self) -> None:
        self.rng = random.Random()
        self.language = self.rng.choice(["es", "en"])
        self.wa_id = "34" + "".join(self.rng.choice("0123456789") for _ in range(9))

    @task
    def send_message(self) -> None:
        if self.rng.random() < 0.6:
            text = availability_question(self.rng, date.today(), self.language)
        else:
            text = self.rng.choice(INFO_QUESTIONS[self.language])
        payload = {
            "object": "whatsapp_business_account",
            "entry": [
                {
                    "id": "WABA",
                    "changes": [
                        {
                            "field": "messages",
                            "value": {
                                "messaging_product": "whatsapp",
                                "metadata": {
                                    "display_phone_number": "34600000000",
                                    "phone_number_id": "load",
                                },
                                "contacts": [{"profile": {"name": "Load Guest"}, "wa_id": self.wa_id}],
                                "messages": [
                                    {
                                        "from": self.wa_id,
                                        "id": f"wamid.load.{uuid.uuid4().hex}",
                                        "timestamp": str(int(time.time())),
                                        "type": "text",
                                        "text": {"body": text},
                                    }
                                ],
                            },
                        }
                    ],
                }
            ],
        }
        body = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"}
        if APP_SECRET:
            headers["X-Hub-Signature-256"] = (
                "sha256=" + hmac.new(APP_SECRET.encode(), body, hashlib.sha256).hexdigest()
            )
        self.client.post("/webhooks/whatsapp", data=body, headers=headers, name="webhook: text")
