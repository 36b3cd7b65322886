"""applicant feedback: comments marked for the applicant, and the editor's feedback per case study

Revision ID: 14e
Revises: 14a
Create Date: 2026-12-15 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '14e'
down_revision = '14a'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('score', schema=None) as batch_op:
        batch_op.add_column(sa.Column('comment_for_applicant', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.add_column(sa.Column('overall_comment_for_applicant', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    op.create_table('feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_study_id', sa.Integer(), nullable=False),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.Column('edited', sa.Boolean(), nullable=False),
    sa.Column('saved_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('locale', sa.String(length=16), nullable=False),
    sa.Column('released_items', sa.JSON(), nullable=True),
    sa.Column('released_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['case_study_id'], ['case_study.id'], name=op.f('fk_feedback_case_study_id_case_study'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['saved_by_id'], ['user_account.id'], name=op.f('fk_feedback_saved_by_id_user_account'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback')),
    sa.UniqueConstraint('case_study_id', name=op.f('uq_feedback_case_study_id'))
    )


def downgrade():
    op.drop_table('feedback')
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_column('overall_comment_for_applicant')
    with op.batch_alter_table('score', schema=None) as batch_op:
        batch_op.drop_column('comment_for_applicant')
