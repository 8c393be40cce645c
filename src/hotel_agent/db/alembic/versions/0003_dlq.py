"""Dead-letter queue: live entries (SQL store) and dlq_permanent_failures (owned by the DLQ work)

Revision ID: 0003_dlq
Revises: 0002_pms_simulator
"""

from alembic import op
import sqlalchemy as sa

revision = "0003_dlq"
down_revision = "0002_pms_simulator"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # TODO: filled in by the capability that owns these tables


def downgrade() -> None:
    pass
