"""invitation batches: a checked CSV of people to invite, kept between its preview and the job sending it

Revision ID: 15i
Revises: 15a
Create Date: 2026-12-18 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '15i'
down_revision = '15a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'invitation_batch',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('filename', sa.String(length=255), nullable=False),
        sa.Column('counts', sa.JSON(), nullable=False),
        sa.Column('job_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'],
                                name=op.f('fk_invitation_batch_created_by_id_user_account'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['job_id'], ['job.id'], name=op.f('fk_invitation_batch_job_id_job'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation_batch')),
        sa.UniqueConstraint('job_id', name=op.f('uq_invitation_batch_job_id')),
    )
    with op.batch_alter_table('invitation_batch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_batch_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_invitation_batch_created_by_id'), ['created_by_id'], unique=False)

    op.create_table(
        'invitation_batch_page',
        sa.Column('batch_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=8), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('rows', sa.JSON(), nullable=False),
        sa.CheckConstraint("kind IN ('invite', 'skip')", name=op.f('ck_invitation_batch_page_kind')),
        sa.ForeignKeyConstraint(['batch_id'], ['invitation_batch.id'],
                                name=op.f('fk_invitation_batch_page_batch_id_invitation_batch'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('batch_id', 'kind', 'number', name=op.f('pk_invitation_batch_page')),
    )


def downgrade():
    op.drop_table('invitation_batch_page')
    op.drop_table('invitation_batch')
