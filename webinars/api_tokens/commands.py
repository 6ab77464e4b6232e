"""``webinars api-tokens create``: a token for scripts and tests, printed once."""

from __future__ import annotations

from datetime import timedelta

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from webinars import clock
from webinars.accounts.models import Organization
from webinars.api_tokens import service
from webinars.api_tokens.models import ApiScope
from webinars.extensions import db


@click.command("create")
@click.option("--organization", "slug", required=True, help="The organization's slug (in its pages' addresses).")
@click.option("--name", required=True, help="What uses the token, e.g. 'CRM synchronization'.")
@click.option(
    "--scope",
    type=click.Choice([scope.value for scope in ApiScope]),
    default=ApiScope.READ.value,
    show_default=True,
    help="read: GET only; write: read and write.",
)
@click.option("--expires-in-days", type=click.IntRange(min=1, max=3650), default=None, help="Default: never expires.")
@with_appcontext
def create_token_command(slug: str, name: str, scope: str, expires_in_days: int | None) -> None:
    """Create an API token of an organization and print it (it is shown only this once)."""
    organization = db.session.scalar(select(Organization).where(Organization.slug == slug))
    if organization is None:
        raise click.BadParameter(f"no organization has the slug {slug!r}", param_hint="'--organization'")
    if not name.strip() or len(name.strip()) > 200:
        raise click.BadParameter("give a name of 1 to 200 characters", param_hint="'--name'")
    expires_at = clock.now() + timedelta(days=expires_in_days) if expires_in_days else None
    new_token = service.create_token(organization, name, ApiScope(scope), expires_at=expires_at)
    db.session.commit()
    click.echo(new_token.secret)
