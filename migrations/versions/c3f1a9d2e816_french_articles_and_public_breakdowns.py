"""The article an organization's name takes in French; which breakdowns a summary makes public

Revision ID: c3f1a9d2e816
Revises: b7d41c9e2a16
Create Date: 2026-12-05 18:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3f1a9d2e816'
down_revision = 'b7d41c9e2a16'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_article', sa.String(length=32), server_default='none', nullable=False))
    with op.batch_alter_table('summaries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_breakdowns', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('summaries', schema=None) as batch_op:
        batch_op.drop_column('public_breakdowns')
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.drop_column('name_article')
