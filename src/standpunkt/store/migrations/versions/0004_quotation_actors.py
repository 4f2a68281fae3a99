"""quotations carry their resolved actor

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-10 10:00:00

Issue 17: every quotation's speaker is resolved to an actor, with or without a codebook, so ``quotes`` and
``actors`` show who spoke. ``quotations.actor_id`` points to ``actors`` and is nulled when an actor is deleted.
Quotations stored before keep ``actor_id`` NULL until their document is analysed again.

SQLite cannot add a foreign key with ``ALTER TABLE ... ADD CONSTRAINT``, and a batch-mode table copy would drop
``quotations``, whose implicit delete (foreign keys are on) would null every ``statements.quotation_id``; so there the
column is added with its REFERENCES clause in ``ALTER TABLE ... ADD COLUMN``, which SQLite takes for a nullable
column. Other dialects add the column and then the constraint (unnamed, like every foreign key of the schema;
dropping the column drops it). (Downgrading SQLite copies the table: do it with
foreign keys off, as the alembic command line does.)
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ALTER TABLE quotations ADD COLUMN actor_id INTEGER '
                   'REFERENCES actors (id) ON DELETE SET NULL')
    else:
        op.add_column('quotations', sa.Column('actor_id', sa.Integer(), sa.ForeignKey(
            'actors.id', ondelete='SET NULL'), nullable=True))
    op.create_index('ix_quotations_actor_id', 'quotations', ['actor_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_quotations_actor_id', table_name='quotations')
    if op.get_bind().dialect.name == 'sqlite':
        with op.batch_alter_table('quotations', recreate='always') as batch:
            batch.drop_column('actor_id')
    else:
        op.drop_column('quotations', 'actor_id')
