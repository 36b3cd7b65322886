"""kept review changes: score saves posted after the reviewer's session expired, waiting for them to log in

Revision ID: 12b_kept_review_changes
Revises: 11c
Create Date: 2026-12-05 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '12b_kept_review_changes'
down_revision = '11c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('kept_review_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('based_on', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignment.id'], name=op.f('fk_kept_review_change_assignment_id_assignment'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kept_review_change')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_kept_review_change_token_hash'))
    )
    with op.batch_alter_table('kept_review_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kept_review_change_assignment_id'), ['assignment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_kept_review_change_created_at'), ['created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('kept_review_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kept_review_change_created_at'))
        batch_op.drop_index(batch_op.f('ix_kept_review_change_assignment_id'))

    op.drop_table('kept_review_change')
