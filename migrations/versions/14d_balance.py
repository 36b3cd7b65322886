"""balance: the groups a case study serves, and each call's targets for the balance of its accepted set

Revision ID: 14d
Revises: 14e
Create Date: 2026-12-12 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '14d'
down_revision = '14e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('case_study', schema=None) as batch_op:
        batch_op.add_column(sa.Column('groups_served', sa.JSON(), server_default='[]', nullable=False))

    op.create_table('report_target',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('value', sa.String(length=64), nullable=False),
    sa.Column('at_least', sa.Integer(), nullable=True),
    sa.Column('share', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('forum', 'economy', 'organisation_type', 'group')", name=op.f('ck_report_target_kind')),
    sa.CheckConstraint('(at_least IS NULL AND share BETWEEN 1 AND 100) OR (share IS NULL AND at_least >= 1)', name=op.f('ck_report_target_one_measure')),
    sa.ForeignKeyConstraint(['call_id'], ['call.id'], name=op.f('fk_report_target_call_id_call'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_target')),
    sa.UniqueConstraint('call_id', 'kind', 'value', name=op.f('uq_report_target_call_id_kind_value'))
    )


def downgrade():
    op.drop_table('report_target')
    with op.batch_alter_table('case_study', schema=None) as batch_op:
        batch_op.drop_column('groups_served')
