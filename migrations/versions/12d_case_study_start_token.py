"""case study start token: the one-time token of the Start form that made a draft, unique

Revision ID: 12d
Revises: 12b_kept_review_changes
Create Date: 2026-12-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '12d'
down_revision = '12b_kept_review_changes'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('case_study', schema=None) as batch_op:
        batch_op.add_column(sa.Column('start_token', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_case_study_start_token'), ['start_token'])


def downgrade():
    with op.batch_alter_table('case_study', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_case_study_start_token'), type_='unique')
        batch_op.drop_column('start_token')
