"""inbox: a claim token on each message, so that a holder whose claim was taken over writes and sends nothing

Revision ID: 0007_inbox_claim_token
Revises: 0006_turn_reading
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_inbox_claim_token"
down_revision = "0006_turn_reading"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inbound_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claim_token", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("inbound_messages", schema=None) as batch_op:
        batch_op.drop_column("claim_token")
