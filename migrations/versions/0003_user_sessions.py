"""Leads' accounts: a case-folded name key, and a token version that ends old cookies.

- name_key: the name case-folded in Python. SQLite's lower() folds ASCII only, so "Émile"
  could not sign in as "émile"; names are now matched on this column on every database.
- token_version: part of every lead cookie; signing out and a password change raise it, so
  the cookies issued before stop working at once.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("coach_users") as batch:
        batch.add_column(sa.Column("name_key", sa.String(200), nullable=True))
        batch.add_column(sa.Column("token_version", sa.Integer(), nullable=False, server_default="0"))
    connection = op.get_bind()
    for user_id, name in connection.execute(sa.text("SELECT id, name FROM coach_users")).all():
        connection.execute(sa.text("UPDATE coach_users SET name_key = :key WHERE id = :id"),
                           {"key": name.casefold(), "id": user_id})
    with op.batch_alter_table("coach_users") as batch:
        batch.alter_column("name_key", existing_type=sa.String(200), nullable=False)
        batch.create_unique_constraint("uq_coach_users_name_key", ["name_key"])


def downgrade() -> None:
    with op.batch_alter_table("coach_users") as batch:
        batch.drop_constraint("uq_coach_users_name_key", type_="unique")
        batch.drop_column("token_version")
        batch.drop_column("name_key")
