"""Sessions that end everywhere, and password-reset requests answered by the worker

- ``users.session_key``: carried by every session cookie of the account and compared on each
  request; a new one ends all the account's sessions (webinars/accounts/sessions.py). Existing
  accounts get a random key each, which also signs out every session opened before the upgrade
  (their cookies carry no key).
- ``password_reset_requests``: "Forgot your password?" writes the address here whatever it is,
  and the worker decides whether it gets a link (webinars/accounts/passwords.py).

Revision ID: 1d29ddd9df93
Revises: 0871aeeff1de
Create Date: 2026-12-05 15:10:28.736028

"""
import secrets

from alembic import op
import sqlalchemy as sa

import webinars.database


# revision identifiers, used by Alembic.
revision = '1d29ddd9df93'
down_revision = '0871aeeff1de'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('password_reset_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('requested_at', webinars.database.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_password_reset_requests'))
    )
    # Added empty, given a random key per account, then required.
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_key', sa.String(length=64), nullable=True))
    users = sa.table('users', sa.column('id', sa.Integer()), sa.column('session_key', sa.String()))
    connection = op.get_bind()
    for (user_id,) in connection.execute(sa.select(users.c.id)).all():
        connection.execute(
            users.update().where(users.c.id == user_id).values(session_key=secrets.token_urlsafe(32))
        )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('session_key', existing_type=sa.String(length=64), nullable=False)


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_key')

    op.drop_table('password_reset_requests')
