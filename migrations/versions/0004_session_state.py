"""The customer's state lives with its session, on the server.

coach_sessions.state: the role-play state (mood, patience, needs, scores so far, lines said) as
JSON while the session is open, written in the same transaction as each turn; NULL once it
ends. The Rasa slot then carries only a handle (session id, case, turn), so it stays small and
nobody can hand the action server a state of their own.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("coach_sessions") as batch:
        batch.add_column(sa.Column("state", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("coach_sessions") as batch:
        batch.drop_column("state")
