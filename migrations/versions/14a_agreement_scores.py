"""agreement scores: per case study its panels' means, recommendations, confidence and confidence-weighted
mean (with its order and rank); per call the reviewers' agreement on each criterion

Revision ID: 14a
Revises: 13f
Create Date: 2026-12-15 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '14a'
down_revision = '13f'
branch_labels = None
depends_on = None

POSITIONS = ("weighted_asc", "weighted_desc")


def upgrade():
    # Stored scores are rebuilt from the reviews whenever their version moves: dropping the built rows
    # (and setting the calls' state back to "never built") lets the new columns be required at once.
    op.execute("DELETE FROM case_study_score")
    op.execute("DELETE FROM call_scores")
    with op.batch_alter_table('call_scores', schema=None) as batch_op:
        batch_op.add_column(sa.Column('agreement', sa.JSON(), nullable=False, server_default='[]'))
    with op.batch_alter_table('case_study_score', schema=None) as batch_op:
        batch_op.add_column(sa.Column('panel_means', sa.JSON(), nullable=False, server_default='{}'))
        batch_op.add_column(sa.Column('recommendations', sa.JSON(), nullable=False, server_default='{}'))
        batch_op.add_column(sa.Column('confidence_mean', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('weighted_mean', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('rank_weighted', sa.Integer(), nullable=True))
        for name in POSITIONS:
            batch_op.add_column(sa.Column(f'pos_{name}', sa.Integer(), nullable=False, server_default='0'))
            batch_op.create_index(f'ix_case_study_score_{name}', ['call_id', 'version', f'pos_{name}'], unique=False)


def downgrade():
    with op.batch_alter_table('case_study_score', schema=None) as batch_op:
        for name in POSITIONS:
            batch_op.drop_index(f'ix_case_study_score_{name}')
            batch_op.drop_column(f'pos_{name}')
        for name in ('rank_weighted', 'weighted_mean', 'confidence_mean', 'recommendations', 'panel_means'):
            batch_op.drop_column(name)
    with op.batch_alter_table('call_scores', schema=None) as batch_op:
        batch_op.drop_column('agreement')
