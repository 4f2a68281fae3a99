"""actor colours and edit log, user roles

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 18:50:00

Manual coding (issue 15): an actor gets a display colour; every change to an actor's attributes and every merge
of two actors is logged in ``actor_edits``; users get a role (admin, coder, viewer; existing users are coders).
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('actors') as batch:
        batch.add_column(sa.Column('colour', sa.String(length=20), nullable=True))
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('role', sa.String(length=20), server_default='coder', nullable=False))
    op.create_table('actor_edits',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=300), nullable=False),
    sa.Column('editor', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('actor_edits') as batch:
        batch.create_index(batch.f('ix_actor_edits_actor_id'), ['actor_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('actor_edits') as batch:
        batch.drop_index(batch.f('ix_actor_edits_actor_id'))
    op.drop_table('actor_edits')
    with op.batch_alter_table('users') as batch:
        batch.drop_column('role')
    with op.batch_alter_table('actors') as batch:
        batch.drop_column('colour')
