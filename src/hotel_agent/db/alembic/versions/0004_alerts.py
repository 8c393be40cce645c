"""alerts: notifications received from Alertmanager (POST /admin/alerts)

Revision ID: 0004_alerts
Revises: 0003_dlq
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_alerts"
down_revision = "0003_dlq"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alert_notifications",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("receiver", sa.String(length=128), nullable=False),
        sa.Column("group_key", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("alertname", sa.String(length=128), nullable=False),
        sa.Column("severity", sa.String(length=32), nullable=True),
        sa.Column("component", sa.String(length=64), nullable=True),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("labels", sa.JSON(), nullable=False),
        sa.Column("annotations", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_notifications")),
    )
    op.create_index("ix_alert_notifications_received_at", "alert_notifications", ["received_at"])
    op.create_index(
        "ix_alert_notifications_alertname_received_at", "alert_notifications", ["alertname", "received_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_alert_notifications_alertname_received_at", table_name="alert_notifications")
    op.drop_index("ix_alert_notifications_received_at", table_name="alert_notifications")
    op.drop_table("alert_notifications")
