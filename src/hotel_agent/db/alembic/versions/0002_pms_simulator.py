"""PMS simulator: demo hotel, inventory, bookings (owned by the PMS work)

Revision ID: 0002_pms_simulator
Revises: 0001_core
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_pms_simulator"
down_revision = "0001_core"
branch_labels = None
depends_on = None

BIGINT_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "pms_sim_room_types",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("base_price", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("max_adults", sa.Integer(), nullable=False),
        sa.Column("max_children", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pms_sim_room_types")),
    )
    op.create_table(
        "pms_sim_rooms",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("room_type_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["room_type_id"],
            ["pms_sim_room_types.id"],
            name=op.f("fk_pms_sim_rooms_room_type_id_pms_sim_room_types"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pms_sim_rooms")),
    )
    op.create_index(op.f("ix_pms_sim_rooms_room_type_id"), "pms_sim_rooms", ["room_type_id"], unique=False)
    op.create_table(
        "pms_sim_bookings",
        sa.Column("id", BIGINT_ID, autoincrement=True, nullable=False),
        sa.Column("reference", sa.String(length=128), nullable=True),
        sa.Column("remark", sa.Text(), nullable=True),
        sa.Column("room_type_id", sa.Integer(), nullable=False),
        sa.Column("check_in", sa.Date(), nullable=False),
        sa.Column("check_out", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("total_price_without_tax", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("total_tax", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("firstname", sa.String(length=128), nullable=False),
        sa.Column("lastname", sa.String(length=128), nullable=False),
        sa.Column("email", sa.String(length=256), nullable=False),
        sa.Column("phone", sa.String(length=64), nullable=True),
        sa.Column("source", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["room_type_id"],
            ["pms_sim_room_types.id"],
            name=op.f("fk_pms_sim_bookings_room_type_id_pms_sim_room_types"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pms_sim_bookings")),
        sa.UniqueConstraint("reference", name=op.f("uq_pms_sim_bookings_reference")),
    )
    op.create_index(
        "ix_pms_sim_bookings_dates",
        "pms_sim_bookings",
        ["room_type_id", "check_in", "check_out"],
        unique=False,
    )
    op.create_table(
        "pms_sim_booked_rooms",
        sa.Column("id", BIGINT_ID, autoincrement=True, nullable=False),
        sa.Column("booking_id", BIGINT_ID, nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("adults", sa.Integer(), nullable=False),
        sa.Column("children", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["pms_sim_bookings.id"],
            name=op.f("fk_pms_sim_booked_rooms_booking_id_pms_sim_bookings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["room_id"], ["pms_sim_rooms.id"], name=op.f("fk_pms_sim_booked_rooms_room_id_pms_sim_rooms")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pms_sim_booked_rooms")),
    )
    op.create_index(
        op.f("ix_pms_sim_booked_rooms_booking_id"), "pms_sim_booked_rooms", ["booking_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_pms_sim_booked_rooms_booking_id"), table_name="pms_sim_booked_rooms")
    op.drop_table("pms_sim_booked_rooms")
    op.drop_index("ix_pms_sim_bookings_dates", table_name="pms_sim_bookings")
    op.drop_table("pms_sim_bookings")
    op.drop_index(op.f("ix_pms_sim_rooms_room_type_id"), table_name="pms_sim_rooms")
    op.drop_table("pms_sim_rooms")
    op.drop_table("pms_sim_room_types")
