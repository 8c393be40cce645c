"""Staff accounts: argon2id password hashes, roles (agent | admin), disabling, password changes."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from hotel_agent.console.models import StaffRow, StaffSessionRow
from hotel_agent.db.base import utcnow
from hotel_agent.db.session import Database

Role = Literal["agent", "admin"]
ROLES: tuple[Role, ...] = ("agent", "admin")
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024  # argon2 takes any length; this only bounds the work one request can ask for
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


@functools.cache
def _dummy_hash() -> str:
    """Verified when the e-mail is unknown, so a wrong address takes as long as a wrong password. Computed at
    the first login, not at import: every `hotel-agent` command imports this module, and one argon2id hash
    costs 0.3-1.7 s of CPU."""
    return _hasher.hash("not a password of anyone")


def warm_up() -> None:
    """Compute the dummy hash now (the server's start-up), not at the first login."""
    _dummy_hash()


class StaffError(ValueError):
    """A staff command or form got a value it cannot accept (the message says which and why)."""


@dataclass(frozen=True)
class Staff:
    id: int
    email: str
    name: str
    role: Role
    disabled: bool

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def _staff(row: StaffRow) -> Staff:
    return Staff(row.id, row.email, row.name, "admin" if row.role == "admin" else "agent", row.disabled)


def normalize_email(email: str) -> str:
    return email.strip().lower()


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise StaffError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise StaffError(f"the password must have at most {MAX_PASSWORD_LENGTH} characters")


class StaffStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(self, email: str, password: str, role: str, name: str | None = None) -> Staff:
        email = normalize_email(email)
        if not EMAIL.match(email) or len(email) > 254:
            raise StaffError(f"{email!r} is not an e-mail address")
        if role not in ROLES:
            raise StaffError(f"role must be one of {', '.join(ROLES)}")
        check_password(password)
        row = StaffRow(
            email=email,
            name=(name or email.split("@")[0]).strip()[:128],
            role=role,
            password_hash=_hasher.hash(password),
            disabled=False,
            created_at=utcnow(),
            password_changed_at=utcnow(),
        )
        try:
            async with self.db.transaction() as session:
                session.add(row)
        except IntegrityError:
            raise StaffError(f"there is already a staff account for {email}") from None
        return _staff(row)

    async def list(self) -> list[Staff]:
        async with self.db.session() as session:
            rows = (await session.scalars(select(StaffRow).order_by(StaffRow.email))).all()
        return [_staff(r) for r in rows]

    async def get(self, staff_id: int) -> Staff | None:
        async with self.db.session() as session:
            row = await session.get(StaffRow, staff_id)
        return _staff(row) if row else None

    async def set_disabled(self, email: str, disabled: bool = True) -> Staff:
        """Disabling also ends every session of the account."""
        async with self.db.transaction() as session:
            row = await self._by_email(session, email)
            row.disabled = disabled
            if disabled:
                await session.execute(delete(StaffSessionRow).where(StaffSessionRow.staff_id == row.id))
            return _staff(row)

    async def set_password(self, email: str, password: str) -> Staff:
        """A new password ends the account's sessions (someone may have been using the old one)."""
        check_password(password)
        async with self.db.transaction() as session:
            row = await self._by_email(session, email)
            row.password_hash = _hasher.hash(password)
            row.password_changed_at = utcnow()
            await session.execute(delete(StaffSessionRow).where(StaffSessionRow.staff_id == row.id))
            return _staff(row)

    async def authenticate(self, email: str, password: str) -> Staff | None:
        """The account when the password is right and the account enabled; else None (never says which)."""
        email = normalize_email(email)
        async with self.db.session() as session:
            row = await session.scalar(select(StaffRow).where(StaffRow.email == email))
        stored = row.password_hash if row is not None else _dummy_hash()
        try:
            _hasher.verify(stored, password[:MAX_PASSWORD_LENGTH])
        except (VerificationError, InvalidHashError):
            return None
        if row is None or row.disabled:
            return None
        if _hasher.check_needs_rehash(stored):
            async with self.db.transaction() as session:
                fresh = await session.get(StaffRow, row.id)
                if fresh is not None:
                    fresh.password_hash = _hasher.hash(password)
        return _staff(row)

    @staticmethod
    async def _by_email(session: AsyncSession, email: str) -> StaffRow:
        row = await session.scalar(select(StaffRow).where(StaffRow.email == normalize_email(email)))
        if row is None:
            raise StaffError(f"no staff account for {normalize_email(email)}")
        return row
