"""maintained scores: the call's scores version, and per call and case study the scores built for it

Revision ID: 13b
Revises: 13a
Create Date: 2026-12-01 15:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '13b'
down_revision = '13a'
branch_labels = None
depends_on = None

FILTERED_BY = ("economy_id", "forum_id", "sector", "organisation_type", "status")
POSITIONS = ("title", "calibrated_asc", "calibrated_desc", "mean_asc", "mean_desc", "spread_asc", "spread_desc",
             "reviews_asc", "reviews_desc")


def upgrade():
    with op.batch_alter_table('call', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scores_version', sa.Integer(), server_default='0', nullable=False))
    op.create_table(
        'call_scores',
        sa.Column('call_id', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('previous_version', sa.Integer(), nullable=True),
        sa.Column('case_studies', sa.Integer(), nullable=False),
        sa.Column('statuses', sa.JSON(), nullable=False),
        sa.Column('panels', sa.JSON(), nullable=False),
        sa.Column('built_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('build_seconds', sa.Float(), nullable=False),
        sa.Column('building_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('building_version', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['call_id'], ['call.id'], name=op.f('fk_call_scores_call_id_call'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('call_id', name=op.f('pk_call_scores')),
    )
    op.create_table(
        'case_study_score',
        sa.Column('call_id', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('case_study_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('organisation', sa.String(length=200), nullable=False),
        sa.Column('organisation_type', sa.String(length=32), nullable=True),
        sa.Column('sector', sa.String(length=32), nullable=True),
        sa.Column('economy_id', sa.Integer(), nullable=True),
        sa.Column('forum_id', sa.Integer(), nullable=True),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('outcome', sa.String(length=16), nullable=True),
        sa.Column('done', sa.Integer(), nullable=False),
        sa.Column('assigned', sa.Integer(), nullable=False),
        sa.Column('required', sa.Integer(), nullable=False),
        sa.Column('coverage', sa.JSON(), nullable=False),
        sa.Column('reviews', sa.Integer(), nullable=False),
        sa.Column('mean', sa.Float(), nullable=True),
        sa.Column('median', sa.Float(), nullable=True),
        sa.Column('calibrated', sa.Float(), nullable=True),
        sa.Column('spread', sa.Float(), nullable=True),
        sa.Column('flagged', sa.Boolean(), nullable=False),
        sa.Column('criterion_means', sa.JSON(), nullable=False),
        sa.Column('rank_calibrated', sa.Integer(), nullable=True),
        sa.Column('rank_mean', sa.Integer(), nullable=True),
        *[sa.Column(f'pos_{name}', sa.Integer(), nullable=False) for name in POSITIONS],
        sa.ForeignKeyConstraint(['call_id'], ['call.id'], name=op.f('fk_case_study_score_call_id_call'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['case_study_id'], ['case_study.id'],
                                name=op.f('fk_case_study_score_case_study_id_case_study'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('call_id', 'version', 'case_study_id', name=op.f('pk_case_study_score')),
    )
    with op.batch_alter_table('case_study_score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_study_score_case_study_id'), ['case_study_id'], unique=False)
        for name in POSITIONS:
            batch_op.create_index(f'ix_case_study_score_{name}', ['call_id', 'version', f'pos_{name}'], unique=False)
        for name in FILTERED_BY:
            batch_op.create_index(f'ix_case_study_score_by_{name}', ['call_id', 'version', name], unique=False)


def downgrade():
    op.drop_table('case_study_score')
    op.drop_table('call_scores')
    with op.batch_alter_table('call', schema=None) as batch_op:
        batch_op.drop_column('scores_version')
