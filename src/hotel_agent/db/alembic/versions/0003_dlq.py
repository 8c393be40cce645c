"""Dead-letter queue: live entries (SQL store) and dlq_permanent_failures (owned by the DLQ work)

Revision ID: 0003_dlq
Revises: 0002_pms_simulator
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_dlq"
down_revision = "0002_pms_simulator"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dlq_entries",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("message_id", sa.String(length=128), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("guest_id", sa.String(length=128), nullable=False),
        sa.Column("message", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("error_message", sa.Text(), nullable=False),
        sa.Column("traceback", sa.Text(), nullable=False),
        sa.Column("retry_count", sa.Integer(), nullable=False),
        sa.Column("first_failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_retry_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_retry_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("correlation_id", sa.String(length=128), nullable=False),
        sa.Column("replay_of", sa.String(length=32), nullable=True),
        sa.Column("replayed_by", sa.String(length=128), nullable=True),
        sa.Column("lease_owner", sa.String(length=128), nullable=True),
        sa.Column("lease_token", sa.String(length=64), nullable=True),
        sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dlq_entries")),
    )
    op.create_index("ix_dlq_entries_next_retry_at", "dlq_entries", ["next_retry_at"])
    op.create_index("ix_dlq_entries_first_failed_at", "dlq_entries", ["first_failed_at"])
    op.create_index("ix_dlq_entries_reason_first_failed_at", "dlq_entries", ["reason", "first_failed_at"])

    op.create_table(
        "dlq_permanent_failures",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("message", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("error_message", sa.Text(), nullable=False),
        sa.Column("traceback", sa.Text(), nullable=False),
        sa.Column("retry_count", sa.Integer(), nullable=False),
        sa.Column("first_failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_retry_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.String(length=128), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dlq_permanent_failures")),
    )
    op.create_index(
        "ix_dlq_permanent_failures_resolved_at_created_at",
        "dlq_permanent_failures",
        ["resolved_at", "created_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_dlq_permanent_failures_resolved_at_created_at", table_name="dlq_permanent_failures")
    op.drop_table("dlq_permanent_failures")
    op.drop_index("ix_dlq_entries_reason_first_failed_at", table_name="dlq_entries")
    op.drop_index("ix_dlq_entries_first_failed_at", table_name="dlq_entries")
    op.drop_index("ix_dlq_entries_next_retry_at", table_name="dlq_entries")
    op.drop_table("dlq_entries")
