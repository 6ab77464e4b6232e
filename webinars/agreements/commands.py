"""``webinars agreements verify``: recompute every audit trail and hold the stored rows up against it."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import ngettext

from webinars.agreements.audit import verify_all


@click.command("verify")
@click.option("--agreement", "agreement_id", type=int, default=None, help="Check only the agreement with this id.")
@with_appcontext
def verify_command(agreement_id: int | None) -> None:
    """Check that no agreement, signature or audit event was changed or deleted."""
    checked, findings = verify_all(agreement_id)
    for finding in findings:
        click.echo(_("Agreement #%(id)s: %(problem)s", id=finding.agreement_id, problem=finding.message), err=True)
    if findings:
        raise click.ClickException(
            ngettext(
                "Tampering detected: %(num)d problem, among %(checked)s agreements checked.",
                "Tampering detected: %(num)d problems, among %(checked)s agreements checked.",
                len(findings),
                checked=checked,
            )
        )
    click.echo(
        ngettext(
            "%(num)d agreement checked: its audit trail, document, signatures and PDF are intact.",
            "%(num)d agreements checked: every audit trail, document, signature and PDF is intact.",
            checked,
        )
    )
