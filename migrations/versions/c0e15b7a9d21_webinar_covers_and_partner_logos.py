"""Webinar cover images and partner logos

Revision ID: c0e15b7a9d21
Revises: 43baeb4fe7b5
Create Date: 2026-12-05 18:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c0e15b7a9d21'
down_revision = '43baeb4fe7b5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('webinars', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cover', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('cover_content_type', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('cover_hash', sa.String(length=64), nullable=True))
    with op.batch_alter_table('webinar_partners', schema=None) as batch_op:
        batch_op.add_column(sa.Column('logo', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('logo_content_type', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('logo_hash', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('webinar_partners', schema=None) as batch_op:
        batch_op.drop_column('logo_hash')
        batch_op.drop_column('logo_content_type')
        batch_op.drop_column('logo')
    with op.batch_alter_table('webinars', schema=None) as batch_op:
        batch_op.drop_column('cover_hash')
        batch_op.drop_column('cover_content_type')
        batch_op.drop_column('cover')
