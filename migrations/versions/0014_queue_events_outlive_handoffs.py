"""queue events outlive the handoff they tell of: no foreign key, so erasing a conversation leaves them

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 16:00:00
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# SQLite's foreign keys have no name; batch mode names them by this convention to drop one.
SQLITE_NAMES = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}


def upgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        with op.batch_alter_table("queue_events", naming_convention=SQLITE_NAMES) as table:
            table.drop_constraint("fk_queue_events_handoff_id_handoffs", type_="foreignkey")
    else:
        op.drop_constraint("queue_events_handoff_id_fkey", "queue_events", type_="foreignkey")


def downgrade() -> None:
    op.execute("DELETE FROM queue_events WHERE handoff_id NOT IN (SELECT id FROM handoffs)")
    with op.batch_alter_table("queue_events") as table:
        table.create_foreign_key("queue_events_handoff_id_fkey", "handoffs", ["handoff_id"], ["id"], ondelete="CASCADE")
