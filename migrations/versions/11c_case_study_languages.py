"""case study languages: the languages a call accepts, a case study's language and English version, the version a review was read in

Revision ID: 11c
Revises: 11b
Create Date: 2026-12-03 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '11c'
down_revision = '11b'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('call', schema=None) as batch_op:
        batch_op.add_column(sa.Column('case_study_languages', sa.JSON(), server_default='["en"]', nullable=False))

    with op.batch_alter_table('case_study', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=16), server_default='en', nullable=False))
        batch_op.add_column(sa.Column('english_version', sa.JSON(), server_default='{}', nullable=False))

    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version_read', sa.String(length=16), server_default='original', nullable=False))
        batch_op.create_check_constraint(batch_op.f('ck_review_version_read'), "version_read IN ('original', 'english')")


def downgrade():
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_review_version_read'), type_='check')
        batch_op.drop_column('version_read')

    with op.batch_alter_table('case_study', schema=None) as batch_op:
        batch_op.drop_column('english_version')
        batch_op.drop_column('language')

    with op.batch_alter_table('call', schema=None) as batch_op:
        batch_op.drop_column('case_study_languages')
