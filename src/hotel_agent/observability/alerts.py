"""Alertmanager webhook notifications (payload version 4): validate, record in SQL, count, log, list."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, select

from hotel_agent.db.session import Database
from hotel_agent.observability.metrics import ALERTS_RECEIVED
from hotel_agent.observability.models import AlertNotificationRow

log = logging.getLogger(__name__)

# Alertmanager sends "0001-01-01T00:00:00Z" for "not ended yet".
_ZERO_TIME_YEAR = 1


class WebhookAlert(BaseModel):
    model_config = ConfigDict(extra="ignore")

    status: Literal["firing", "resolved"]
    labels: dict[str, str]
    annotations: dict[str, str] = Field(default_factory=dict)
    startsAt: datetime | None = None
    endsAt: datetime | None = None
    generatorURL: str = ""
    fingerprint: str = Field(default="", max_length=64)


class WebhookPayload(BaseModel):
    """https://prometheus.io/docs/alerting/latest/configuration/#webhook_config"""

    model_config = ConfigDict(extra="ignore")

    version: Literal["4"]
    groupKey: str
    truncatedAlerts: int = Field(default=0, ge=0)
    status: Literal["firing", "resolved"]
    receiver: str = Field(max_length=128)
    groupLabels: dict[str, str] = Field(default_factory=dict)
    commonLabels: dict[str, str] = Field(default_factory=dict)
    commonAnnotations: dict[str, str] = Field(default_factory=dict)
    externalURL: str = ""
    alerts: list[WebhookAlert] = Field(min_length=1)


@dataclass(frozen=True)
class AlertPage:
    items: list[dict[str, Any]]
    total: int


def _time(value: datetime | None) -> datetime | None:
    if value is None or value.year == _ZERO_TIME_YEAR:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


async def record_notification(db: Database, payload: WebhookPayload) -> int:
    """Store every alert of one notification; returns how many were stored."""
    rows = [
        AlertNotificationRow(
            receiver=payload.receiver,
            group_key=payload.groupKey,
            status=alert.status,
            alertname=alert.labels.get("alertname", "unknown")[:128],
            severity=alert.labels.get("severity"),
            component=alert.labels.get("component"),
            fingerprint=alert.fingerprint,
            starts_at=_time(alert.startsAt),
            ends_at=_time(alert.endsAt),
            labels=alert.labels,
            annotations=alert.annotations,
        )
        for alert in payload.alerts
    ]
    async with db.transaction() as session:
        session.add_all(rows)
    for alert in payload.alerts:
        name = alert.labels.get("alertname", "unknown")
        ALERTS_RECEIVED.labels(alertname=name, status=alert.status).inc()
        log.warning(
            "alert %s %s severity=%s component=%s receiver=%s: %s",
            name,
            alert.status,
            alert.labels.get("severity", "-"),
            alert.labels.get("component", "-"),
            payload.receiver,
            alert.annotations.get("summary", ""),
        )
    return len(rows)


async def list_notifications(
    db: Database,
    *,
    status: Literal["firing", "resolved"] | None = None,
    alertname: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> AlertPage:
    """Newest first."""
    query = select(AlertNotificationRow)
    count = select(func.count()).select_from(AlertNotificationRow)
    if status is not None:
        query = query.where(AlertNotificationRow.status == status)
        count = count.where(AlertNotificationRow.status == status)
    if alertname is not None:
        query = query.where(AlertNotificationRow.alertname == alertname)
        count = count.where(AlertNotificationRow.alertname == alertname)
    query = query.order_by(AlertNotificationRow.id.desc()).offset(offset).limit(limit)
    async with db.session() as session:
        total = int((await session.execute(count)).scalar_one())
        rows = (await session.execute(query)).scalars().all()
    return AlertPage(items=[_to_dict(row) for row in rows], total=total)


def _to_dict(row: AlertNotificationRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "received_at": row.received_at.isoformat(),
        "receiver": row.receiver,
        "status": row.status,
        "alertname": row.alertname,
        "severity": row.severity,
        "component": row.component,
        "fingerprint": row.fingerprint,
        "starts_at": row.starts_at.isoformat() if row.starts_at else None,
        "ends_at": row.ends_at.isoformat() if row.ends_at else None,
        "labels": row.labels,
        "annotations": row.annotations,
    }
