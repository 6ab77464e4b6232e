"""Organization settings and brand: logo, colour, contact, country, defaults, sender, notices in two languages

Revision ID: c7a1e5b2d9f0
Revises: c3f1a9d2e816
Create Date: 2026-12-05 18:40:00

The single ``privacy_notice`` becomes one notice per language (French and English), rendered
when saved; an existing notice is kept as both, rendered again when first read.
"""
from alembic import op
import sqlalchemy as sa


revision = 'c7a1e5b2d9f0'
down_revision = 'c3f1a9d2e816'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('short_name', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('description', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('description_html', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('description_text', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('logo', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('logo_content_type', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('logo_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('brand_color', sa.String(length=7), nullable=True))
        batch_op.add_column(sa.Column('contact_email', sa.String(length=320), nullable=True))
        batch_op.add_column(sa.Column('postal_address', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('country', sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column('default_language', sa.String(length=2), server_default='fr', nullable=False))
        batch_op.add_column(sa.Column('sender_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('hidden_countries', sa.String(length=1200), nullable=True))
        batch_op.add_column(sa.Column('privacy_notice_fr', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('privacy_notice_fr_html', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('privacy_notice_fr_text', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('privacy_notice_en', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('privacy_notice_en_html', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('privacy_notice_en_text', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('markdown_version', sa.String(length=80), nullable=True))
    op.execute("UPDATE organizations SET privacy_notice_fr = privacy_notice, privacy_notice_en = privacy_notice")
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.drop_column('privacy_notice')


def downgrade():
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('privacy_notice', sa.Text(), nullable=True))
    op.execute("UPDATE organizations SET privacy_notice = COALESCE(privacy_notice_fr, privacy_notice_en)")
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        for column in (
            'markdown_version', 'privacy_notice_en_text', 'privacy_notice_en_html', 'privacy_notice_en',
            'privacy_notice_fr_text', 'privacy_notice_fr_html', 'privacy_notice_fr', 'hidden_countries',
            'sender_name', 'default_language', 'country', 'postal_address', 'contact_email', 'brand_color',
            'logo_hash', 'logo_content_type', 'logo', 'description_text', 'description_html', 'description',
            'short_name',
        ):
            batch_op.drop_column(column)
