"""who on the staff wrote a reply, and whether a citizen message is an edit of an earlier one

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 06:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(
            sa.Column(
                "staff_id",
                sa.Integer(),
                sa.ForeignKey("staff_members.id", name="fk_messages_staff_id", ondelete="SET NULL"),
                nullable=True,
            )
        )
        batch.add_column(sa.Column("edited", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("edited")
        batch.drop_constraint("fk_messages_staff_id", type_="foreignkey")
        batch.drop_column("staff_id")
