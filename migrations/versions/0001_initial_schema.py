"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-29 08:54:09.788691

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('call',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('opens_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('review_ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reviews_per_economy', sa.Integer(), nullable=False),
    sa.Column('reviewers_see_others', sa.Boolean(), nullable=False),
    sa.Column('hide_applicant_identity', sa.Boolean(), nullable=False),
    sa.Column('exclude_same_economy', sa.Boolean(), nullable=False),
    sa.Column('disagreement_threshold', sa.Float(), nullable=False),
    sa.Column('copied_from_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('closes_at <= review_ends_at', name=op.f('ck_call_closes_before_review_ends')),
    sa.CheckConstraint('disagreement_threshold >= 0 AND disagreement_threshold <= 100', name=op.f('ck_call_disagreement_threshold')),
    sa.CheckConstraint('opens_at < closes_at', name=op.f('ck_call_opens_before_closes')),
    sa.CheckConstraint('reviews_per_economy BETWEEN 1 AND 10', name=op.f('ck_call_reviews_per_economy')),
    sa.ForeignKeyConstraint(['copied_from_id'], ['call.id'], name=op.f('fk_call_copied_from_id_call'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call'))
    )
    op.create_table('economy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('is_cohost', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_economy')),
    sa.UniqueConstraint('code', name=op.f('uq_economy_code')),
    sa.UniqueConstraint('name', name=op.f('uq_economy_name'))
    )
    op.create_table('outbox_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_message'))
    )
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_message_recipient'), ['recipient'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_message_sent_at'), ['sent_at'], unique=False)

    op.create_table('call_economy',
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('economy_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['call_id'], ['call.id'], name=op.f('fk_call_economy_call_id_call'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['economy_id'], ['economy.id'], name=op.f('fk_call_economy_economy_id_economy')),
    sa.PrimaryKeyConstraint('call_id', 'economy_id', name=op.f('pk_call_economy'))
    )
    op.create_table('criterion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=160), nullable=False),
    sa.Column('guidance', sa.Text(), nullable=False),
    sa.Column('weight', sa.Float(), nullable=False),
    sa.Column('scale_min', sa.Integer(), nullable=False),
    sa.Column('scale_max', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint('scale_min < scale_max', name=op.f('ck_criterion_scale_order')),
    sa.CheckConstraint('scale_min >= 0 AND scale_max <= 10', name=op.f('ck_criterion_scale_bounds')),
    sa.CheckConstraint('weight > 0', name=op.f('ck_criterion_weight_positive')),
    sa.ForeignKeyConstraint(['call_id'], ['call.id'], name=op.f('fk_criterion_call_id_call'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_criterion'))
    )
    with op.batch_alter_table('criterion', schema=None) as batch_op:
        batch_op.create_index('ix_criterion_call_position', ['call_id', 'position'], unique=False)

    op.create_table('forum',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('host_economy_id', sa.Integer(), nullable=False),
    sa.Column('city', sa.String(length=120), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['host_economy_id'], ['economy.id'], name=op.f('fk_forum_host_economy_id_economy')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_forum')),
    sa.UniqueConstraint('name', name=op.f('uq_forum_name'))
    )
    op.create_table('user_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('economy_id', sa.Integer(), nullable=True),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('email_confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('timezone', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['economy_id'], ['economy.id'], name=op.f('fk_user_account_economy_id_economy')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('email', name=op.f('uq_user_account_email'))
    )
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_account_economy_id'), ['economy_id'], unique=False)

    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('object_type', sa.String(length=32), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=True),
    sa.Column('call_id', sa.Integer(), nullable=True),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('address', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_audit_event_actor_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['call_id'], ['call.id'], name=op.f('fk_audit_event_call_id_call'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_at'), ['at'], unique=False)
        batch_op.create_index('ix_audit_event_call_at', ['call_id', 'at'], unique=False)
        batch_op.create_index('ix_audit_event_object', ['object_type', 'object_id'], unique=False)

    op.create_table('auth_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('purpose', sa.String(length=16), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("purpose IN ('reset', 'confirm')", name=op.f('ck_auth_token_purpose')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_auth_token_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_auth_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_auth_token_token_hash'))
    )
    with op.batch_alter_table('auth_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_auth_token_user_id'), ['user_id'], unique=False)

    op.create_table('case_study',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('applicant_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('organisation_name', sa.String(length=200), nullable=False),
    sa.Column('organisation_type', sa.String(length=32), nullable=True),
    sa.Column('economy_id', sa.Integer(), nullable=True),
    sa.Column('locality', sa.String(length=200), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=True),
    sa.Column('sector', sa.String(length=32), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('local_challenge', sa.Text(), nullable=False),
    sa.Column('solution', sa.Text(), nullable=False),
    sa.Column('ecosystem_partners', sa.Text(), nullable=False),
    sa.Column('results', sa.Text(), nullable=False),
    sa.Column('sustainability', sa.Text(), nullable=False),
    sa.Column('inclusiveness', sa.Text(), nullable=False),
    sa.Column('lessons', sa.Text(), nullable=False),
    sa.Column('website', sa.String(length=500), nullable=False),
    sa.Column('contact_name', sa.String(length=120), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=False),
    sa.Column('contact_phone', sa.String(length=40), nullable=False),
    sa.Column('consent_to_publish', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("organisation_type IS NULL OR organisation_type IN ('startup', 'msme', 'incubator', 'university', 'local_government', 'large_company', 'ngo', 'other')", name=op.f('ck_case_study_organisation_type')),
    sa.CheckConstraint("sector IS NULL OR sector IN ('agriculture', 'manufacturing', 'tourism', 'health', 'education', 'digital', 'energy', 'finance', 'mobility', 'retail', 'creative', 'other')", name=op.f('ck_case_study_sector')),
    sa.CheckConstraint("status IN ('draft', 'submitted', 'withdrawn')", name=op.f('ck_case_study_status')),
    sa.ForeignKeyConstraint(['applicant_id'], ['user_account.id'], name=op.f('fk_case_study_applicant_id_user_account')),
    sa.ForeignKeyConstraint(['call_id'], ['call.id'], name=op.f('fk_case_study_call_id_call'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['economy_id'], ['economy.id'], name=op.f('fk_case_study_economy_id_economy')),
    sa.ForeignKeyConstraint(['forum_id'], ['forum.id'], name=op.f('fk_case_study_forum_id_forum')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_study'))
    )
    with op.batch_alter_table('case_study', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_study_applicant_id'), ['applicant_id'], unique=False)
        batch_op.create_index('ix_case_study_call_status', ['call_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_study_economy_id'), ['economy_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_study_forum_id'), ['forum_id'], unique=False)

    op.create_table('criterion_level',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('descriptor', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['criterion_id'], ['criterion.id'], name=op.f('fk_criterion_level_criterion_id_criterion'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_criterion_level')),
    sa.UniqueConstraint('criterion_id', 'value', name=op.f('uq_criterion_level_criterion_id_value'))
    )
    op.create_table('invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('economy_id', sa.Integer(), nullable=True),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('send_count', sa.Integer(), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("role IN ('applicant', 'reviewer', 'editor', 'admin')", name=op.f('ck_invitation_role')),
    sa.ForeignKeyConstraint(['economy_id'], ['economy.id'], name=op.f('fk_invitation_economy_id_economy')),
    sa.ForeignKeyConstraint(['invited_by_id'], ['user_account.id'], name=op.f('fk_invitation_invited_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_invitation_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_invitation_token_hash'))
    )
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_email'), ['email'], unique=False)

    op.create_table('report_section',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['call_id'], ['call.id'], name=op.f('fk_report_section_call_id_call'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['forum_id'], ['forum.id'], name=op.f('fk_report_section_forum_id_forum')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_section')),
    sa.UniqueConstraint('call_id', 'title', name=op.f('uq_report_section_call_id_title'))
    )
    with op.batch_alter_table('report_section', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_section_call_id'), ['call_id'], unique=False)

    op.create_table('user_role',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.CheckConstraint("role IN ('applicant', 'reviewer', 'editor', 'admin')", name=op.f('ck_user_role_role')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_user_role_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'role', name=op.f('pk_user_role'))
    )
    op.create_table('user_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_user_session_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_user_session_token_hash'))
    )
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_session_user_id'), ['user_id'], unique=False)

    op.create_table('assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_study_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('conflict_reason', sa.Text(), nullable=False),
    sa.Column('assigned_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('notified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('conflict_declared_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('active', 'conflict')", name=op.f('ck_assignment_status')),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['user_account.id'], name=op.f('fk_assignment_assigned_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['case_study_id'], ['case_study.id'], name=op.f('fk_assignment_case_study_id_case_study'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['user_account.id'], name=op.f('fk_assignment_reviewer_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignment')),
    sa.UniqueConstraint('case_study_id', 'reviewer_id', name=op.f('uq_assignment_case_study_id_reviewer_id'))
    )
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignment_case_study_id'), ['case_study_id'], unique=False)
        batch_op.create_index('ix_assignment_reviewer_status', ['reviewer_id', 'status'], unique=False)

    op.create_table('attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_study_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=True),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("content_type IN ('application/pdf', 'image/png', 'image/jpeg')", name=op.f('ck_attachment_content_type')),
    sa.CheckConstraint('size > 0 AND size <= 10485760', name=op.f('ck_attachment_size')),
    sa.ForeignKeyConstraint(['case_study_id'], ['case_study.id'], name=op.f('fk_attachment_case_study_id_case_study'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'], name=op.f('fk_attachment_uploaded_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachment'))
    )
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachment_case_study_id'), ['case_study_id'], unique=False)

    op.create_table('decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_study_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('rationale', sa.Text(), nullable=False),
    sa.Column('feedback', sa.Text(), nullable=False),
    sa.Column('scores_snapshot', sa.JSON(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('released_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('released_outcome', sa.String(length=16), nullable=True),
    sa.CheckConstraint("outcome IN ('accepted', 'waitlisted', 'rejected')", name=op.f('ck_decision_outcome')),
    sa.ForeignKeyConstraint(['case_study_id'], ['case_study.id'], name=op.f('fk_decision_case_study_id_case_study'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_decision_decided_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision')),
    sa.UniqueConstraint('case_study_id', name=op.f('uq_decision_case_study_id'))
    )
    op.create_table('report_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_study_id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['case_study_id'], ['case_study.id'], name=op.f('fk_report_entry_case_study_id_case_study'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['section_id'], ['report_section.id'], name=op.f('fk_report_entry_section_id_report_section'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_entry')),
    sa.UniqueConstraint('case_study_id', name=op.f('uq_report_entry_case_study_id'))
    )
    with op.batch_alter_table('report_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_entry_section_id'), ['section_id'], unique=False)

    op.create_table('review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('overall_comment', sa.Text(), nullable=False),
    sa.Column('recommendation', sa.String(length=32), nullable=True),
    sa.Column('confidence', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("recommendation IS NULL OR recommendation IN ('strongly_recommend', 'recommend', 'neutral', 'do_not_recommend')", name=op.f('ck_review_recommendation')),
    sa.CheckConstraint('confidence IS NULL OR confidence BETWEEN 1 AND 5', name=op.f('ck_review_confidence')),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignment.id'], name=op.f('fk_review_assignment_id_assignment'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review')),
    sa.UniqueConstraint('assignment_id', name=op.f('uq_review_assignment_id'))
    )
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_submitted_at'), ['submitted_at'], unique=False)

    op.create_table('score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('value IS NULL OR (value >= 0 AND value <= 10)', name=op.f('ck_score_value_range')),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignment.id'], name=op.f('fk_score_assignment_id_assignment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['criterion_id'], ['criterion.id'], name=op.f('fk_score_criterion_id_criterion'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_score')),
    sa.UniqueConstraint('assignment_id', 'criterion_id', name=op.f('uq_score_assignment_id_criterion_id'))
    )
    with op.batch_alter_table('score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_score_criterion_id'), ['criterion_id'], unique=False)



def downgrade():
    with op.batch_alter_table('score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_score_criterion_id'))

    op.drop_table('score')
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_submitted_at'))

    op.drop_table('review')
    with op.batch_alter_table('report_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_entry_section_id'))

    op.drop_table('report_entry')
    op.drop_table('decision')
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachment_case_study_id'))

    op.drop_table('attachment')
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_index('ix_assignment_reviewer_status')
        batch_op.drop_index(batch_op.f('ix_assignment_case_study_id'))

    op.drop_table('assignment')
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_session_user_id'))

    op.drop_table('user_session')
    op.drop_table('user_role')
    with op.batch_alter_table('report_section', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_section_call_id'))

    op.drop_table('report_section')
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_email'))

    op.drop_table('invitation')
    op.drop_table('criterion_level')
    with op.batch_alter_table('case_study', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_study_forum_id'))
        batch_op.drop_index(batch_op.f('ix_case_study_economy_id'))
        batch_op.drop_index('ix_case_study_call_status')
        batch_op.drop_index(batch_op.f('ix_case_study_applicant_id'))

    op.drop_table('case_study')
    with op.batch_alter_table('auth_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_auth_token_user_id'))

    op.drop_table('auth_token')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_event_object')
        batch_op.drop_index('ix_audit_event_call_at')
        batch_op.drop_index(batch_op.f('ix_audit_event_at'))
        batch_op.drop_index(batch_op.f('ix_audit_event_actor_id'))
        batch_op.drop_index(batch_op.f('ix_audit_event_action'))

    op.drop_table('audit_event')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_account_economy_id'))

    op.drop_table('user_account')
    op.drop_table('forum')
    with op.batch_alter_table('criterion', schema=None) as batch_op:
        batch_op.drop_index('ix_criterion_call_position')

    op.drop_table('criterion')
    op.drop_table('call_economy')
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_message_sent_at'))
        batch_op.drop_index(batch_op.f('ix_outbox_message_recipient'))

    op.drop_table('outbox_message')
    op.drop_table('economy')
    op.drop_table('call')
