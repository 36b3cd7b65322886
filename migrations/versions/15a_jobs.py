"""jobs: mail queued with its state and tries, long jobs with their files, and the workers' heartbeats

Revision ID: 15a
Revises: 14g
Create Date: 2026-12-17 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '15a'
down_revision = '14g'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('queued_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('state', sa.String(length=16), nullable=False, server_default='sent'))
        batch_op.add_column(sa.Column('attempts', sa.Integer(), nullable=False, server_default='1'))
        batch_op.add_column(sa.Column('failures', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.alter_column('sent_at', existing_type=sa.DateTime(timezone=True), nullable=True)
    # What the outbox kept before was 'sent' by the development backend when it was written.
    op.execute("UPDATE outbox_message SET queued_at = sent_at")
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.alter_column('queued_at', existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.drop_index('ix_outbox_message_sent_at')
        batch_op.create_index('ix_outbox_message_queued_at', ['queued_at'], unique=False)
        batch_op.create_index('ix_outbox_message_state_next', ['state', 'next_attempt_at'], unique=False)
        batch_op.create_check_constraint('state', "state IN ('queued', 'sending', 'sent', 'failed')")

    op.create_table(
        'job',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('call_id', sa.Integer(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('worker', sa.String(length=100), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('done', sa.Integer(), nullable=False),
        sa.Column('total', sa.Integer(), nullable=False),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.Column('result', sa.JSON(), nullable=False),
        sa.CheckConstraint("state IN ('queued', 'running', 'done', 'failed')", name=op.f('ck_job_state')),
        sa.ForeignKeyConstraint(['call_id'], ['call.id'], name=op.f('fk_job_call_id_call'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'],
                                name=op.f('fk_job_created_by_id_user_account'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_job')),
    )
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_call_id'), ['call_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index('ix_job_state_lease', ['state', 'lease_until'], unique=False)

    op.create_table(
        'job_file',
        sa.Column('job_id', sa.Integer(), nullable=False),
        sa.Column('filename', sa.String(length=255), nullable=False),
        sa.Column('ascii_filename', sa.String(length=255), nullable=False),
        sa.Column('mimetype', sa.String(length=100), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['job_id'], ['job.id'], name=op.f('fk_job_file_job_id_job'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('job_id', name=op.f('pk_job_file')),
    )
    with op.batch_alter_table('job_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_file_expires_at'), ['expires_at'], unique=False)

    op.create_table(
        'worker_beat',
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('beat_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_worker_beat')),
    )
    with op.batch_alter_table('worker_beat', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_worker_beat_beat_at'), ['beat_at'], unique=False)


def downgrade():
    op.drop_table('worker_beat')
    op.drop_table('job_file')
    op.drop_table('job')
    op.execute("DELETE FROM outbox_message WHERE sent_at IS NULL")
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_constraint('ck_outbox_message_state', type_='check')
        batch_op.drop_index('ix_outbox_message_state_next')
        batch_op.drop_index('ix_outbox_message_queued_at')
        batch_op.create_index('ix_outbox_message_sent_at', ['sent_at'], unique=False)
        batch_op.alter_column('sent_at', existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.drop_column('claimed_until')
        batch_op.drop_column('next_attempt_at')
        batch_op.drop_column('failures')
        batch_op.drop_column('attempts')
        batch_op.drop_column('state')
        batch_op.drop_column('queued_at')
