"""Tables of the PMS simulator: the demo hotel's room types and rooms, and its bookings."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hotel_agent.db.base import Base, UTCDateTime, utcnow

BIGINT_ID = BigInteger().with_variant(Integer, "sqlite")


class SimRoomTypeRow(Base):
    __tablename__ = "pms_sim_room_types"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(32))
    base_price: Mapped[Decimal] = mapped_column(Numeric(12, 2))  # per night, before tax
    max_adults: Mapped[int] = mapped_column(Integer)
    max_children: Mapped[int] = mapped_column(Integer)


class SimRoomRow(Base):
    __tablename__ = "pms_sim_rooms"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    room_type_id: Mapped[int] = mapped_column(ForeignKey("pms_sim_room_types.id"), index=True)
    number: Mapped[str] = mapped_column(String(16))


class SimBookingRow(Base):
    __tablename__ = "pms_sim_bookings"

    id: Mapped[int] = mapped_column(BIGINT_ID, primary_key=True, autoincrement=True)
    # The caller's idempotency reference (QloApps: `remark`). Unique so a retried create cannot double-book.
    reference: Mapped[str | None] = mapped_column(String(128), unique=True, nullable=True)
    # Free text as QloApps keeps it (the HTTP simulator stores the client's remark here, not deduplicated).
    remark: Mapped[str | None] = mapped_column(Text, nullable=True)
    room_type_id: Mapped[int] = mapped_column(ForeignKey("pms_sim_room_types.id"))
    check_in: Mapped[date] = mapped_column(Date)
    check_out: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="confirmed")  # confirmed | cancelled
    currency: Mapped[str] = mapped_column(String(3))
    total_price_without_tax: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    total_tax: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    firstname: Mapped[str] = mapped_column(String(128))
    lastname: Mapped[str] = mapped_column(String(128))
    email: Mapped[str] = mapped_column(String(256))
    phone: Mapped[str | None] = mapped_column(String(64), nullable=True)
    source: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    rooms: Mapped[list[SimBookedRoomRow]] = relationship(
        back_populates="booking",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="SimBookedRoomRow.id",
    )

    __table_args__ = (Index("ix_pms_sim_bookings_dates", "room_type_id", "check_in", "check_out"),)


class SimBookedRoomRow(Base):
    __tablename__ = "pms_sim_booked_rooms"

    id: Mapped[int] = mapped_column(BIGINT_ID, primary_key=True, autoincrement=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("pms_sim_bookings.id", ondelete="CASCADE"), index=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("pms_sim_rooms.id"))
    adults: Mapped[int] = mapped_column(Integer)
    children: Mapped[int] = mapped_column(Integer)

    booking: Mapped[SimBookingRow] = relationship(back_populates="rooms")
