"""console: canned responses (replies staff insert and edit before sending)

Revision ID: 0008_canned_responses
Revises: 0007_inbox_claim_token
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_canned_responses"
down_revision = "0007_inbox_claim_token"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "console_canned_responses",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("title", sa.String(length=80), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
            name=op.f("fk_console_canned_responses_staff_id_staff"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_console_canned_responses")),
    )


def downgrade() -> None:
    op.drop_table("console_canned_responses")
