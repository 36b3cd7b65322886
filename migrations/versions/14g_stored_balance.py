"""stored balance: each call's accepted set counted, and its report targets, kept with its maintained scores

Revision ID: 14g
Revises: 14d
Create Date: 2026-12-16 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '14g'
down_revision = '14d'
branch_labels = None
depends_on = None


def upgrade():
    # Built rows are rebuilt when their version moves; dropping them lets the new column be filled at once.
    op.execute("DELETE FROM case_study_score")
    op.execute("DELETE FROM call_scores")
    with op.batch_alter_table('call_scores', schema=None) as batch_op:
        batch_op.add_column(sa.Column('balance', sa.JSON(), nullable=False, server_default='{}'))


def downgrade():
    with op.batch_alter_table('call_scores', schema=None) as batch_op:
        batch_op.drop_column('balance')
