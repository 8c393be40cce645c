"""PMS simulator: demo hotel, inventory, bookings (owned by the PMS work)

Revision ID: 0002_pms_simulator
Revises: 0001_core
"""

from alembic import op
import sqlalchemy as sa

revision = "0002_pms_simulator"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # TODO: filled in by the capability that owns these tables


def downgrade() -> None:
    pass
