"""Accounts for the review pages: team leads with a hashed password.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "coach_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.String(400), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("role IN ('lead')", name="ck_coach_users_role"),
        sa.PrimaryKeyConstraint("id", name="pk_coach_users"),
        sa.UniqueConstraint("name", name="uq_coach_users_name"),
    )


def downgrade() -> None:
    op.drop_table("coach_users")
