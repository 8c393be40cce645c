"""`hotel-agent chaos pms-outage`: drive guest traffic at a running service, take its PMS down, bring it back,
and check that every guest who wrote got a real answer (late rather than never)."""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import httpx
from prometheus_client.parser import text_string_to_metric_families

from hotel_agent.chaos.traffic import guest_message

STATE_NAMES = {0: "closed", 1: "open", 2: "half-open"}


@dataclass
class ChaosReport:
    sent: int = 0
    answered: int = 0
    holding_replies: int = 0
    errors: int = 0
    breaker: str = "?"
    dlq_depth: float = 0.0
    alerts_firing: list[str] = field(default_factory=list)
    phase: str = "warm-up"
    outage_started: float | None = None
    outage_ended: float | None = None
    opened_after: float | None = None
    recovered_after: float | None = None
    guests: list[str] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)

    @property
    def lost(self) -> int:
        return self.sent - self.answered

    def verdict(self) -> str:
        def seconds(value: float | None) -> str:
            return f"{value:.1f}s" if value is not None else "n/a"

        return (
            f"sent: {self.sent}, answered: {self.answered}, lost: {self.lost} — "
            f"breaker opened after {seconds(self.opened_after)}, "
            f"recovered {seconds(self.recovered_after)} after the PMS came back"
        )


class PMSOutage:
    def __init__(
        self,
        base_url: str,
        admin_token: str,
        duration: float,
        mode: str = "down",
        rate: float = 2.0,
        drain_timeout: float = 120.0,
        redrive: bool = True,
        seed: int | None = None,
    ) -> None:
        self.client = httpx.AsyncClient(base_url=base_url.rstrip("/"), timeout=30)
        self.admin = {"Authorization": f"Bearer {admin_token}"}
        self.duration = duration
        self.mode = mode
        self.rate = rate
        self.drain_timeout = drain_timeout
        self.redrive = redrive
        self.rng = random.Random(seed)
        self.run_id = uuid.uuid4().hex[:6]
        self.report = ChaosReport()

    async def run(self, on_tick: Callable[[ChaosReport], None] | None = None) -> ChaosReport:
        await self._check_access()
        stop_traffic = asyncio.Event()
        traffic = asyncio.create_task(self._traffic(stop_traffic))
        watcher = asyncio.create_task(self._watch(on_tick))
        try:
            warm, outage = self.duration * 0.2, self.duration * 0.5
            await asyncio.sleep(warm)
            self.report.phase = f"outage ({self.mode})"
            self.report.outage_started = time.monotonic()
            await self._faults({"mode": self.mode})
            await asyncio.sleep(outage)
            await self._faults({"mode": "ok"})
            self.report.outage_ended = time.monotonic()
            self.report.phase = "recovery"
            await asyncio.sleep(self.duration - warm - outage)
            stop_traffic.set()
            await traffic
            self.report.phase = "draining"
            await self._drain()
            await self._observe()  # the table ends on the state after draining, not a sample before it
        finally:
            stop_traffic.set()
            await self._faults({"mode": "ok"}, check=False)
            watcher.cancel()
            await asyncio.gather(watcher, return_exceptions=True)
            await self.client.aclose()
        self.report.phase = "done"
        return self.report

    async def _check_access(self) -> None:
        response = await self.client.get("/admin/pms/faults", headers=self.admin)
        if response.status_code in (401, 403):
            raise RuntimeError("the admin token was not accepted (use --token or HOTEL_AGENT_ADMIN_TOKEN)")
        if response.status_code == 409:
            raise RuntimeError("this service uses a real QloApps: chaos needs the PMS simulator")
        response.raise_for_status()

    async def _faults(self, body: dict[str, object], check: bool = True) -> None:
        response = await self.client.post("/admin/pms/faults", json=body, headers=self.admin)
        if check:
            response.raise_for_status()

    async def _traffic(self, stop: asyncio.Event) -> None:
        today = date.today()
        pending: set[asyncio.Task[None]] = set()
        while not stop.is_set():
            guest = f"chaos-{self.run_id}-{self.report.sent:04d}"
            _language, text = guest_message(self.rng, today)
            self.report.sent += 1
            self.report.guests.append(guest)
            task = asyncio.create_task(self._send(guest, text))
            pending.add(task)
            task.add_done_callback(pending.discard)
            try:
                await asyncio.wait_for(stop.wait(), timeout=1 / self.rate)
            except TimeoutError:
                pass
        if pending:
            await asyncio.gather(*pending)

    async def _send(self, guest: str, text: str) -> None:
        try:
            response = await self.client.post("/api/v1/messages", json={"guest_id": guest, "text": text})
            if response.status_code != 200:
                self.report.errors += 1
            elif response.json().get("delivery") == "queued":
                self.report.holding_replies += 1
        except httpx.HTTPError:
            self.report.errors += 1

    async def _watch(self, on_tick: Callable[[ChaosReport], None] | None) -> None:
        while True:
            try:
                await self._observe()
            except httpx.HTTPError:
                pass
            if on_tick:
                on_tick(self.report)
            await asyncio.sleep(0.5)

    async def _observe(self) -> None:
        text = (await self.client.get("/metrics")).text
        values: dict[str, float] = {}
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                if sample.name in ("pms_circuit_breaker_state", "dlq_queue_size"):
                    values[sample.name] = float(sample.value)
        state = int(values.get("pms_circuit_breaker_state", -1))
        self.report.breaker = STATE_NAMES.get(state, "?")
        self.report.dlq_depth = values.get("dlq_queue_size", 0.0)
        now = time.monotonic()
        if state == 1 and self.report.opened_after is None and self.report.outage_started:
            self.report.opened_after = now - self.report.outage_started
        if (
            state == 0
            and self.report.outage_ended
            and self.report.recovered_after is None
            and self.report.opened_after is not None
        ):
            self.report.recovered_after = now - self.report.outage_ended
        alerts = await self.client.get("/admin/alerts", headers=self.admin)
        if alerts.status_code == 200:
            self.report.alerts_firing = sorted(
                {
                    a.get("alertname", "?")
                    for a in alerts.json().get("alerts", [])
                    if a.get("status") == "firing"
                }
            )

    async def _answered(self, guest: str) -> bool:
        response = await self.client.get(f"/api/v1/conversations/{guest}", headers=self.admin)
        if response.status_code != 200:
            return False
        return any(m["direction"] == "out" and m.get("kind") == "answer" for m in response.json()["messages"])

    async def _drain(self) -> None:
        """Wait until every guest has a real answer; an operator redrive speeds up the DLQ's backoff."""
        deadline = time.monotonic() + self.drain_timeout
        last_redrive = 0.0
        waiting = list(self.report.guests)
        while waiting and time.monotonic() < deadline:
            redrive_due = time.monotonic() - last_redrive > 10
            if self.redrive and redrive_due and self.report.dlq_depth > 0 and self.report.breaker == "closed":
                await self.client.post("/admin/dlq/retry-all", headers=self.admin)
                last_redrive = time.monotonic()
            checks = await asyncio.gather(*(self._answered(g) for g in waiting))
            waiting = [g for g, ok in zip(waiting, checks, strict=True) if not ok]
            self.report.answered = len(self.report.guests) - len(waiting)
            if waiting:
                await asyncio.sleep(1.0)
        self.report.unanswered = waiting
