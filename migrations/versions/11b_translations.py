"""translations: the call, its criteria and levels, and the fora in each language of the interface

Revision ID: 11b
Revises: 11a
Create Date: 2026-12-08 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '11b'
down_revision = '11a'
branch_labels = None
depends_on = None

TABLES = ('call', 'criterion', 'criterion_level', 'forum')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('translations', sa.JSON(), server_default=sa.text("'{}'"),
                                          nullable=False))


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('translations')
