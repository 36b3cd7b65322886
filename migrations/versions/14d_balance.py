"""balance: the groups a case study serves

Revision ID: 14d
Revises: 13f
Create Date: 2026-12-12 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '14d'
down_revision = '13f'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('case_study', schema=None) as batch_op:
        batch_op.add_column(sa.Column('groups_served', sa.JSON(), server_default='[]', nullable=False))


def downgrade():
    with op.batch_alter_table('case_study', schema=None) as batch_op:
        batch_op.drop_column('groups_served')
