"""statements: an index on (date, id) on PostgreSQL

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-14 10:00:00

Issue 16 (1M statements on PostgreSQL): statements are listed and paged in ``(date, id)`` order, and deep offsets start
from checkpoints numbered in that order over every statement. SQLite's index on ``date`` already ends with the
rowid (``id``), so it yields that order; PostgreSQL's does not, and sorted the ids within a date on every page and
all 1M rows (on disk) for the checkpoints (1.3 s -> 0.55 s with this index, an index-only scan). Created on
PostgreSQL only (``schema.py`` declares it with ``ddl_if``); on SQLite it would duplicate the date index.
"""
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.create_index('ix_statements_date_id', 'statements', ['date', 'id'], unique=False)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_index('ix_statements_date_id', table_name='statements')
