"""conversation history: the reading a turn made of a guest message, and the channel's id of a sent reply

Both columns are nullable: rows written before this revision keep working (the console says their reading
is computed now, not at the time of the turn).

Revision ID: 0006_turn_reading
Revises: 0005_console
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_turn_reading"
down_revision = "0005_console"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("conversation_messages", sa.Column("reading", sa.JSON(), nullable=True))
    op.add_column(
        "conversation_messages", sa.Column("provider_message_id", sa.String(length=128), nullable=True)
    )


def downgrade() -> None:
    with op.batch_alter_table("conversation_messages") as batch:
        batch.drop_column("provider_message_id")
        batch.drop_column("reading")
