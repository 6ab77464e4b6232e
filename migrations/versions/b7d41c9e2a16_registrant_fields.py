"""Built-in registration fields required, optional or hidden per webinar

Revision ID: b7d41c9e2a16
Revises: c0e15b7a9d21
Create Date: 2026-12-05 18:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d41c9e2a16'
down_revision = 'c0e15b7a9d21'
branch_labels = None
depends_on = None


def upgrade():
    # Every existing webinar keeps today's form: all four details optional ({}).
    with op.batch_alter_table('webinars', schema=None) as batch_op:
        batch_op.add_column(sa.Column('registrant_fields', sa.JSON(), server_default='{}', nullable=False))


def downgrade():
    with op.batch_alter_table('webinars', schema=None) as batch_op:
        batch_op.drop_column('registrant_fields')
