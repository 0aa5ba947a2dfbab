"""The transcript tables: trainees, sessions, turns, reviews.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# The schema as it was at this revision (not imported from bot.storage.models, which moves on).
UTC_DATETIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "coach_trainees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("channel", sa.String(50), nullable=False),
        sa.Column("external_id", sa.String(255), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_coach_trainees"),
        sa.UniqueConstraint("channel", "external_id", name="uq_coach_trainees_channel_external_id"),
    )
    op.create_table(
        "coach_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trainee_id", sa.Integer(), nullable=False),
        sa.Column("scenario_id", sa.String(100), nullable=False),
        sa.Column("channel", sa.String(50), nullable=False),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("started_at", UTC_DATETIME, nullable=False),
        sa.Column("ended_at", UTC_DATETIME, nullable=True),
        sa.Column("outcome", sa.String(20), nullable=True),
        sa.Column("ownership", sa.Integer(), nullable=True),
        sa.Column("flexibility", sa.Integer(), nullable=True),
        sa.Column("rubric_version", sa.Integer(), nullable=False),
        sa.Column("reviewed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.CheckConstraint("outcome IS NULL OR outcome IN ('resolved', 'churned', 'abandoned')",
                           name="ck_coach_sessions_outcome"),
        sa.ForeignKeyConstraint(["trainee_id"], ["coach_trainees.id"],
                                name="fk_coach_sessions_trainee_id_coach_trainees"),
        sa.PrimaryKeyConstraint("id", name="pk_coach_sessions"),
    )
    op.create_index("ix_coach_sessions_trainee_id_started_at", "coach_sessions", ["trainee_id", "started_at"])
    op.create_index("ix_coach_sessions_scenario_id_started_at", "coach_sessions", ["scenario_id", "started_at"])
    op.create_index("ix_coach_sessions_started_at", "coach_sessions", ["started_at"])
    op.create_index("ix_coach_sessions_outcome_started_at", "coach_sessions", ["outcome", "started_at"])
    op.create_index("ix_coach_sessions_conversation_id", "coach_sessions", ["conversation_id"])
    op.create_table(
        "coach_turns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("speaker", sa.String(10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("ownership", sa.Integer(), nullable=True),
        sa.Column("flexibility", sa.Integer(), nullable=True),
        sa.Column("cues", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("over_promise", sa.Boolean(), nullable=True),
        sa.Column("mood", sa.String(30), nullable=True),
        sa.CheckConstraint("speaker IN ('trainee', 'customer')", name="ck_coach_turns_speaker"),
        sa.ForeignKeyConstraint(["session_id"], ["coach_sessions.id"], ondelete="CASCADE",
                                name="fk_coach_turns_session_id_coach_sessions"),
        sa.PrimaryKeyConstraint("id", name="pk_coach_turns"),
        sa.UniqueConstraint("session_id", "seq", name="uq_coach_turns_session_id_seq"),
    )
    op.create_table(
        "coach_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("turn_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("dimension", sa.String(20), nullable=True),
        sa.Column("old_score", sa.Integer(), nullable=True),
        sa.Column("new_score", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.CheckConstraint("kind IN ('comment', 'override')", name="ck_coach_reviews_kind"),
        sa.CheckConstraint("dimension IS NULL OR dimension IN ('ownership', 'flexibility')",
                           name="ck_coach_reviews_dimension"),
        sa.ForeignKeyConstraint(["session_id"], ["coach_sessions.id"], ondelete="CASCADE",
                                name="fk_coach_reviews_session_id_coach_sessions"),
        sa.ForeignKeyConstraint(["turn_id"], ["coach_turns.id"], ondelete="CASCADE",
                                name="fk_coach_reviews_turn_id_coach_turns"),
        sa.PrimaryKeyConstraint("id", name="pk_coach_reviews"),
    )
    op.create_index("ix_coach_reviews_session_id", "coach_reviews", ["session_id"])
    op.create_index("ix_coach_reviews_turn_id", "coach_reviews", ["turn_id"])


def downgrade() -> None:
    op.drop_table("coach_reviews")
    op.drop_table("coach_turns")
    op.drop_table("coach_sessions")
    op.drop_table("coach_trainees")
