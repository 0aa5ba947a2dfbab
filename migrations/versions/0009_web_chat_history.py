"""The web chat's history (`web_chat_history`) joins the migrations.

Until now the web process made this table itself with `metadata.create_all` on first use
(bot/web/history.py), outside Alembic. Its home is now bot/storage (models.py, history.py) and
this revision makes it, but only where it is missing: a database the web process has already
used has the table, with its rows, and is left as it is (same columns and index either way).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TABLE = "web_chat_history"
INDEX = "ix_web_chat_history_trainee"


def upgrade() -> None:
    made_before = sa.inspect(op.get_bind()).has_table(TABLE)
    if not made_before:
        op.create_table(
            TABLE,
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("trainee", sa.String(200), nullable=False),
            sa.Column("turn", sa.Text(), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("id", name="pk_web_chat_history"),
        )
    # create_all made the same index; a fresh inspector, as the table may be new.
    if INDEX not in {index["name"] for index in sa.inspect(op.get_bind()).get_indexes(TABLE)}:
        op.create_index(INDEX, TABLE, ["trainee"])


def downgrade() -> None:
    # Back to before 0009, the table goes with its rows (as every revision's tables do).
    op.drop_table(TABLE)
