"""``webinars users create``: the first owner of an organization, from the command line."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from webinars.accounts import service
from webinars.extensions import db
from webinars.timezones import is_valid_zone


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        _check_password(password)
        return password
    return click.prompt(
        _("Password"), hide_input=True, confirmation_prompt=True, value_proc=_check_password
    )


def _check_password(password: str) -> str:
    try:
        service.check_password_length(password)
    except service.PasswordTooShort as error:
        # A UsageError makes click.prompt ask again; with --password-stdin it ends the command.
        raise click.UsageError(
            _("The password must have at least %(count)s characters.", count=error.args[0])
        ) from error
    return password


@click.command("create")
@click.option("--email", required=True, help="The user's e-mail address (their sign-in).")
@click.option("--organization", "organization_name", required=True, help="Organization name (created if missing).")
@click.option("--timezone", default=None, help="IANA zone of a new organization, e.g. Africa/Casablanca.")
@click.option("--full-name", default=None, help="The user's full name (new users only).")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@with_appcontext
def create_user_command(
    email: str, organization_name: str, timezone: str | None, full_name: str | None, password_stdin: bool
) -> None:
    """Make a user owner of an organization, creating either if needed."""
    # Check the options before asking for a password.
    try:
        email = service.validate_email_address(email)
    except service.InvalidEmail as error:
        raise click.BadParameter(str(error), param_hint="'--email'") from error
    zone = timezone or current_app.config["DEFAULT_TIMEZONE"]
    if not is_valid_zone(zone):
        raise click.BadParameter(
            _("Unknown time zone %(zone)s (expected an IANA name such as Africa/Casablanca).", zone=zone),
            param_hint="'--timezone'",
        )
    password = None if service.user_by_email(email) else _read_password(password_stdin)

    setup = service.make_owner(email, organization_name, zone, full_name=full_name, password=password)
    db.session.commit()

    organization = setup.organization
    if setup.created_organization:
        click.echo(
            _(
                "Created organization %(name)s (slug %(slug)s, time zone %(zone)s).",
                name=organization.name,
                slug=organization.slug,
                zone=organization.timezone,
            )
        )
    elif timezone and timezone != organization.timezone:
        click.echo(
            _(
                "Organization %(name)s already exists; its time zone stays %(zone)s.",
                name=organization.name,
                zone=organization.timezone,
            )
        )
    if setup.created_user:
        click.echo(_("Created user %(email)s, owner of %(name)s.", email=setup.user.email, name=organization.name))
    else:
        click.echo(
            _(
                "%(email)s (existing user, password unchanged) is now an owner of %(name)s.",
                email=setup.user.email,
                name=organization.name,
            )
        )
