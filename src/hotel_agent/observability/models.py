"""Alert notifications received from Alertmanager (POST /admin/alerts), one row per alert per notification."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hotel_agent.db.base import Base, UTCDateTime, utcnow


class AlertNotificationRow(Base):
    __tablename__ = "alert_notifications"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    receiver: Mapped[str] = mapped_column(String(128))
    group_key: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))  # firing | resolved (this alert's, not the group's)
    alertname: Mapped[str] = mapped_column(String(128))
    severity: Mapped[str | None] = mapped_column(String(32), nullable=True)
    component: Mapped[str | None] = mapped_column(String(64), nullable=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    labels: Mapped[dict[str, Any]] = mapped_column(JSON)
    annotations: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (
        Index("ix_alert_notifications_received_at", "received_at"),
        Index("ix_alert_notifications_alertname_received_at", "alertname", "received_at"),
    )
