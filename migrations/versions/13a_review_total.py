"""review total: each review's 0–100 total stored, filled in for the reviews that exist

Revision ID: 13a
Revises: 12d
Create Date: 2026-12-01 14:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '13a'
down_revision = '12d'
branch_labels = None
depends_on = None

# The formula of reviews.totals.refresh_totals, written out so that this step stays as it is when the
# code changes: Σ w·(s − min)/(max − min) / Σ w × 100 over the active criteria scored within their scale.
FILL = """
UPDATE review SET total = (
    SELECT 100.0 * SUM(criterion.weight * CAST(score.value - criterion.scale_min AS FLOAT)
                       / CAST(criterion.scale_max - criterion.scale_min AS FLOAT)) / SUM(criterion.weight)
    FROM score JOIN criterion ON criterion.id = score.criterion_id AND criterion.active
        AND score.value BETWEEN criterion.scale_min AND criterion.scale_max
    WHERE score.assignment_id = review.assignment_id AND score.value IS NOT NULL
)
"""


def upgrade():
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.add_column(sa.Column('total', sa.Float(), nullable=True))
    op.execute(FILL)


def downgrade():
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_column('total')
