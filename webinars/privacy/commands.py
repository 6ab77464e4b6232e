"""``webinars privacy retention`` (an organization's retention period) and
``webinars privacy apply-retention`` (the daily job, now)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from webinars.accounts.models import Organization
from webinars.extensions import db
from webinars.privacy.retention import run_retention_now

MAX_RETENTION_MONTHS = 120


@click.command("retention")
@click.argument("organization_slug")
@click.option(
    "--months",
    type=click.IntRange(1, MAX_RETENTION_MONTHS),
    default=None,
    help="Months after each webinar before its registrants' data is anonymized (1 to 120).",
)
@with_appcontext
def retention_command(organization_slug: str, months: int | None) -> None:
    """Show, or set with --months, how long an organization keeps registrants' data."""
    organization = db.session.scalar(select(Organization).where(Organization.slug == organization_slug))
    if organization is None:
        raise click.ClickException(_("No organization has the slug %(slug)s.", slug=organization_slug))
    if months is not None:
        organization.retention_months = months
        db.session.commit()
    click.echo(
        ngettext(
            "%(name)s keeps registrants' data %(num)d month after each webinar ends, then anonymizes it.",
            "%(name)s keeps registrants' data %(num)d months after each webinar ends, then anonymizes it.",
            organization.retention_months,
            name=organization.name,
        )
    )


@click.command("apply-retention")
@with_appcontext
def apply_retention_command() -> None:
    """Run the retention job now: erase whatever is past its organization's retention period."""
    report = run_retention_now()
    if not report.rows:
        click.echo(_("Nothing was past its retention period."))
        return
    click.echo(
        ngettext(
            "Registrants' data of %(num)d webinar anonymized.",
            "Registrants' data of %(num)d webinars anonymized.",
            report.webinars,
        )
    )
    for table, rows in sorted(report.rows.items()):
        click.echo(ngettext("  %(table)s: %(num)d row", "  %(table)s: %(num)d rows", rows, table=table))
