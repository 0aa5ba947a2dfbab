"""A stronger reply: coach_turns.model_reply.

For a trainee reply scored 40 or less on ownership or flexibility, the model reply for that
moment (bot/coach/persona.py model_reply), stored with the reply's score as JSON
({"text", "why"}); NULL for every other turn and for turns stored before.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("coach_turns") as batch:
        batch.add_column(sa.Column("model_reply", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("coach_turns") as batch:
        batch.drop_column("model_reply")
