"""kept drafts: case study text posted after the session expired, waiting for its owner to log in

Revision ID: 3a
Revises: 0001
Create Date: 2026-11-29 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '3a'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('kept_draft',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('case_study_id', sa.Integer(), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_study_id'], ['case_study.id'], name=op.f('fk_kept_draft_case_study_id_case_study'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kept_draft')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_kept_draft_token_hash'))
    )
    with op.batch_alter_table('kept_draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kept_draft_case_study_id'), ['case_study_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_kept_draft_created_at'), ['created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('kept_draft', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kept_draft_created_at'))
        batch_op.drop_index(batch_op.f('ix_kept_draft_case_study_id'))

    op.drop_table('kept_draft')
