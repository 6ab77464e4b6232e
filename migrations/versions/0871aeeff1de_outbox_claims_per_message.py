"""Outbox rows claimed per message

``outbox_messages.claimed_by``: the worker run that reserved the row or is sending it
(webinars/mail/claims.py). Rows claimed by the older code (status ``sending``) keep their
``claimed_at`` and are taken over after ``DELIVERY_CLAIM_SECONDS`` as before.

Revision ID: 0871aeeff1de
Revises: ba6c2461398a
Create Date: 2026-12-05 16:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0871aeeff1de'
down_revision = 'ba6c2461398a'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('claimed_by')
