"""Try that reply again: coach_turns.retracted_at.

In practice mode a trainee may take back their last reply and answer again. Both versions stay
in the transcript: the reply taken back and the customer's answer to it keep their rows, marked
with the time they were taken back; NULL for every turn that stands (and every turn before).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("coach_turns") as batch:
        batch.add_column(sa.Column("retracted_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("coach_turns") as batch:
        batch.drop_column("retracted_at")
