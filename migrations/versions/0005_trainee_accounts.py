"""Trainee accounts: coach_users may hold trainees as well as leads.

A lead creates trainees (with a password, or as an invitation the trainee completes by setting
one); the chat then signs trainees in with their password unless the team turned name-only
sign-in on (TRAINEE_SIGN_IN=name). Only the role check changes.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _role_checks() -> list:
    """The names of the CHECK constraints on `role` as the database has them (SQLite's batch
    copies of 0003 gave it a longer name than PostgreSQL's)."""
    checks = sa.inspect(op.get_bind()).get_check_constraints("coach_users")
    return [c["name"] for c in checks if c.get("name") and "role" in (c.get("sqltext") or "")]


def _set_roles(roles: str) -> None:
    names = _role_checks()
    with op.batch_alter_table("coach_users", recreate="always") as batch:
        for name in names:
            batch.drop_constraint(op.f(name), type_="check")
        batch.create_check_constraint(op.f("ck_coach_users_role"), f"role IN ({roles})")


def upgrade() -> None:
    _set_roles("'lead', 'trainee'")


def downgrade() -> None:
    op.execute("DELETE FROM coach_users WHERE role = 'trainee'")
    _set_roles("'lead'")
