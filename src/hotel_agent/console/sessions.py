"""Server-side staff sessions (the cookie carries a random token, the database its hash and the CSRF token)
and login throttling (N failures for one e-mail address or one client address lock it for a while)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from hotel_agent.console.models import LoginThrottleRow, StaffRow, StaffSessionRow
from hotel_agent.console.staff import Staff, _staff
from hotel_agent.db.base import utcnow
from hotel_agent.db.session import Database

# A seen session's last_seen_at is written at most this often (every page view would be one write each).
TOUCH_EVERY = timedelta(minutes=1)
# One client address may try more addresses than one account gets tries, but not without bound.
PER_ADDRESS_FACTOR = 4


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class StaffSession:
    staff: Staff
    csrf_token: str
    expires_at: datetime

    def csrf_matches(self, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(str(given).encode(), self.csrf_token.encode())


class SessionStore:
    def __init__(self, db: Database, lifetime: timedelta, idle: timedelta) -> None:
        self.db = db
        self.lifetime = lifetime
        self.idle = idle

    async def create(self, staff: Staff) -> str:
        """A new session; returns the token for the cookie (never stored)."""
        token = secrets.token_urlsafe(32)
        now = utcnow()
        async with self.db.transaction() as session:
            session.add(
                StaffSessionRow(
                    token_hash=_hash(token),
                    staff_id=staff.id,
                    csrf_token=secrets.token_urlsafe(32),
                    created_at=now,
                    last_seen_at=now,
                    expires_at=now + self.lifetime,
                )
            )
        return token

    async def get(self, token: str | None) -> StaffSession | None:
        """The live session of this token: not expired, not idle too long, its account enabled."""
        if not token or len(token) > 128:
            return None
        now = utcnow()
        async with self.db.transaction() as session:
            row = await session.get(StaffSessionRow, _hash(token))
            if row is None:
                return None
            staff = await session.get(StaffRow, row.staff_id)
            if staff is None or staff.disabled or now >= row.expires_at or now - row.last_seen_at > self.idle:
                await session.delete(row)
                return None
            if now - row.last_seen_at > TOUCH_EVERY:
                row.last_seen_at = now
            return StaffSession(_staff(staff), row.csrf_token, row.expires_at)

    async def end(self, token: str | None) -> None:
        if not token:
            return
        async with self.db.transaction() as session:
            await session.execute(delete(StaffSessionRow).where(StaffSessionRow.token_hash == _hash(token)))

    async def purge_expired(self) -> int:
        now = utcnow()
        async with self.db.transaction() as session:
            result = await session.execute(
                delete(StaffSessionRow).where(
                    (StaffSessionRow.expires_at <= now) | (StaffSessionRow.last_seen_at < now - self.idle)
                )
            )
            return int(result.rowcount or 0)  # type: ignore[attr-defined]


class LoginThrottle:
    """`max_failures` failed logins within `lockout` lock the e-mail address for `lockout` (and a client
    address after PER_ADDRESS_FACTOR times as many). Kept in the database: every process sees them."""

    def __init__(self, db: Database, max_failures: int, lockout: timedelta) -> None:
        self.db = db
        self.max_failures = max_failures
        self.lockout = lockout

    def _keys(self, email: str, address: str | None) -> list[tuple[str, int]]:
        keys = [(f"email:{email.strip().lower()[:254]}", self.max_failures)]
        if address:
            keys.append((f"addr:{address[:64]}", self.max_failures * PER_ADDRESS_FACTOR))
        return keys

    async def locked_for(self, email: str, address: str | None) -> timedelta | None:
        """How long logins for this address / from this client stay refused; None when allowed."""
        now = utcnow()
        async with self.db.session() as session:
            rows = (
                await session.scalars(
                    select(LoginThrottleRow).where(
                        LoginThrottleRow.key.in_([k for k, _ in self._keys(email, address)])
                    )
                )
            ).all()
        waits = [row.locked_until - now for row in rows if row.locked_until and row.locked_until > now]
        return max(waits) if waits else None

    async def failed(self, email: str, address: str | None) -> None:
        try:
            await self._count_failure(email, address)
        except IntegrityError:  # a simultaneous failure created the row first: count on top of it
            await self._count_failure(email, address)

    async def _count_failure(self, email: str, address: str | None) -> None:
        now = utcnow()
        async with self.db.transaction() as session:
            for key, limit in self._keys(email, address):
                row = await session.get(LoginThrottleRow, key)
                if row is None or now - row.first_failure_at > self.lockout:
                    if row is not None:
                        await session.delete(row)
                        await session.flush()
                    row = LoginThrottleRow(key=key, failures=0, first_failure_at=now, locked_until=None)
                    session.add(row)
                row.failures += 1
                if row.failures >= limit:
                    row.locked_until = now + self.lockout

    async def succeeded(self, email: str) -> None:
        async with self.db.transaction() as session:
            await session.execute(
                delete(LoginThrottleRow).where(LoginThrottleRow.key == self._keys(email, None)[0][0])
            )
