"""continue on my phone: a conversation's one-time link

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 17:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("phone_link_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("phone_link_expires_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("phone_link_expires_at")
        batch.drop_column("phone_link_hash")
