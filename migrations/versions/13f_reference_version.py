"""reference version: a count of the changes to the reference data processes keep in memory (the fora)

Revision ID: 13f
Revises: 13b
Create Date: 2026-12-10 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '13f'
down_revision = '13b'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table('reference_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fora', sa.Integer(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reference_version'))
    )
    op.bulk_insert(table, [{'id': 1, 'fora': 0}])


def downgrade():
    op.drop_table('reference_version')
