"""learning from reviews: learn runs and the history of re-coded statements (issue 18)

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('learn_runs',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('codebook', sa.String(length=200), nullable=False),
    sa.Column('model_version', sa.String(length=100), nullable=True),
    sa.Column('model_dir', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('snapshot_review_id', sa.Integer(), nullable=True),
    sa.Column('run_id', sa.String(length=64), nullable=True),
    sa.Column('started_by', sa.String(length=100), nullable=True),
    sa.Column('stats', sa.JSON(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('learn_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learn_runs_codebook'), ['codebook'], unique=False)

    op.create_table('statement_recodings',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('learn_id', sa.Integer(), nullable=False),
    sa.Column('old_concept', sa.String(length=300), nullable=True),
    sa.Column('old_agreement', sa.String(length=20), nullable=True),
    sa.Column('old_confidence', sa.Float(), nullable=True),
    sa.Column('concept', sa.String(length=300), nullable=True),
    sa.Column('agreement', sa.String(length=20), nullable=True),
    sa.Column('confidence', sa.Float(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['learn_id'], ['learn_runs.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['statement_id'], ['statements.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('statement_recodings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statement_recodings_learn_id'), ['learn_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_statement_recodings_statement_id'), ['statement_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('statement_recodings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statement_recodings_statement_id'))
        batch_op.drop_index(batch_op.f('ix_statement_recodings_learn_id'))
    op.drop_table('statement_recodings')
    with op.batch_alter_table('learn_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_learn_runs_codebook'))
    op.drop_table('learn_runs')
