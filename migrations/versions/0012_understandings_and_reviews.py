"""what the assistant understood of each citizen message it answered, and reviewers' verdicts on them: training
examples and notes of topics without an answer (issue 24: learning from the centre)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 00:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "understandings",
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("language_guess", sa.String(length=8), nullable=True),
        sa.Column("language_confidence", sa.Float(), nullable=True),
        sa.Column("intent", sa.String(length=60), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("programme", sa.String(length=60), nullable=True),
        sa.Column("fallback", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["message_id"], ["messages.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("message_id"),
    )

    op.create_table(
        "reviews",
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("verdict", sa.String(length=20), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(["message_id"], ["messages.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["reviewer_id"], ["staff_members.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("message_id"),
    )
    for table, extra in (
        (
            "training_examples",
            [
                sa.Column("intent", sa.String(length=60), nullable=False),
                sa.Column("programme", sa.String(length=60), nullable=True),
                sa.Column("status", sa.String(length=20), server_default="new", nullable=False),
            ],
        ),
        ("topic_notes", [sa.Column("note", sa.Text(), nullable=False)]),
    ):
        op.create_table(
            table,
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("text", sa.Text(), nullable=False),
            sa.Column("language", sa.String(length=8), nullable=False),
            *extra,
            sa.Column("reviewer_id", sa.Integer(), nullable=True),
            sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
            sa.ForeignKeyConstraint(["reviewer_id"], ["staff_members.id"], ondelete="SET NULL"),
            sa.PrimaryKeyConstraint("id"),
        )

    op.create_table(
        "learning_runs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("new_examples", sa.JSON(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("dropped", sa.JSON(), nullable=False),
        sa.Column("served", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    for table in ("learning_runs", "topic_notes", "training_examples", "reviews", "understandings"):
        op.drop_table(table)
