"""Personal data kept only as long as promised: retention period, anonymized registrations, frozen summary figures, erasure audit

Every organization starts with the 12 months its default privacy notice promised.

Revision ID: 4acf149874f1
Revises: 1d29ddd9df93
Create Date: 2026-12-05 15:57:48.482762

"""
from alembic import op
import sqlalchemy as sa

import webinars.database


# revision identifiers, used by Alembic.
revision = '4acf149874f1'
down_revision = '1d29ddd9df93'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('retention_runs',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('started_at', webinars.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('finished_at', webinars.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('report', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_retention_runs'))
    )
    op.create_table('personal_data_erasures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('requested_by', sa.Enum('owner', 'registrant', name='erasurerequester', native_enum=False, length=32), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('user_name', sa.String(length=200), nullable=True),
    sa.Column('erased_at', webinars.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('address_digest', sa.String(length=64), nullable=False),
    sa.Column('erased_rows', sa.Text(), nullable=False),
    sa.Column('kept_rows', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_personal_data_erasures_organization_id_organizations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_personal_data_erasures_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_personal_data_erasures'))
    )
    with op.batch_alter_table('personal_data_erasures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_personal_data_erasures_address_digest'), ['address_digest'], unique=False)
        batch_op.create_index(batch_op.f('ix_personal_data_erasures_organization_id'), ['organization_id'], unique=False)

    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retention_months', sa.Integer(), server_default='12', nullable=False))

    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('anonymized_at', webinars.database.UTCDateTime(timezone=True), nullable=True))

    with op.batch_alter_table('summaries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('frozen_figures', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('figures_frozen_at', webinars.database.UTCDateTime(timezone=True), nullable=True))



def downgrade():
    with op.batch_alter_table('summaries', schema=None) as batch_op:
        batch_op.drop_column('figures_frozen_at')
        batch_op.drop_column('frozen_figures')

    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_column('anonymized_at')

    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.drop_column('retention_months')

    with op.batch_alter_table('personal_data_erasures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_personal_data_erasures_organization_id'))
        batch_op.drop_index(batch_op.f('ix_personal_data_erasures_address_digest'))

    op.drop_table('personal_data_erasures')
    op.drop_table('retention_runs')
