"""what a note the system writes says, as a response and its arguments, so that each console language reads it

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 11:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("handoff_notes") as table:
        table.add_column(sa.Column("response", sa.String(length=64), nullable=True))
        table.add_column(sa.Column("arguments", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("handoff_notes") as table:
        table.drop_column("arguments")
        table.drop_column("response")
