"""State the processes share: Slack's seen event ids, Slack display names, failed sign-ins.

Until now each process kept these in memory, so with several Rasa or web processes behind one
proxy a Slack retry delivered to another process was played twice and the sign-in throttle
counted per process (issue 19). Now they are rows every process sees (bot/storage/shared.py):

- coach_seen_events: the dedupe key of each Slack event or button click received (primary key:
  the first insert wins, atomically), swept once older than the retry window;
- coach_slack_names: users.info's display name per Slack user, looked up again after a day;
- coach_signin_failures: one row per failed sign-in for the name and one for the address (keys
  hashed), per scope ("chat", "review"), swept once older than the throttle window.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "coach_seen_events",
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_coach_seen_events"),
    )
    op.create_index("ix_coach_seen_events_seen_at", "coach_seen_events", ["seen_at"])
    op.create_table(
        "coach_slack_names",
        sa.Column("user_id", sa.String(50), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name="pk_coach_slack_names"),
    )
    op.create_table(
        "coach_signin_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(20), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_coach_signin_failures"),
    )
    op.create_index("ix_coach_signin_failures_scope_key_failed_at", "coach_signin_failures",
                    ["scope", "key", "failed_at"])
    op.create_index("ix_coach_signin_failures_failed_at", "coach_signin_failures", ["failed_at"])


def downgrade() -> None:
    op.drop_table("coach_signin_failures")
    op.drop_table("coach_slack_names")
    op.drop_table("coach_seen_events")
