"""a handoff's number is never given to another on SQLite (AUTOINCREMENT): the audit log's "handoff:7" and the
queue's events, which outlive an erased handoff, tell of one person only

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 21:40:00
"""

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # PostgreSQL's sequences never go back; SQLite gives a new row the largest number in the table plus one, which is
    # an erased handoff's number when the newest was erased. The table is rebuilt with AUTOINCREMENT, which keeps the
    # largest number ever given (migrations run with foreign keys off: rebuilding must not erase the notes).
    if op.get_context().dialect.name == "sqlite":
        with op.batch_alter_table("handoffs", recreate="always", table_kwargs={"sqlite_autoincrement": True}):
            pass
        # Numbers given before this migration and since erased are not in the table: the queue's events remember them.
        given = (
            "max(coalesce((SELECT max(id) FROM handoffs), 0), coalesce((SELECT max(handoff_id) FROM queue_events), 0))"
        )
        op.execute(
            "INSERT INTO sqlite_sequence (name, seq) SELECT 'handoffs', 0 "
            "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'handoffs')"
        )
        op.execute(f"UPDATE sqlite_sequence SET seq = max(seq, {given}) WHERE name = 'handoffs'")


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        with op.batch_alter_table("handoffs", recreate="always", table_kwargs={"sqlite_autoincrement": False}):
            pass
