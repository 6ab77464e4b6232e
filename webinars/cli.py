"""The ``webinars`` command: Flask's CLI bound to this app (run, db, demo, users...)."""

import click
from flask.cli import FlaskGroup

from webinars import create_app
from webinars.config import ConfigurationError

cli = FlaskGroup(create_app=lambda: create_app(), help="Manage the Webinars application.")


def main() -> None:
    try:
        cli(prog_name="webinars")
    except ConfigurationError as error:
        # What to fix, without a traceback in front of it.
        click.echo(f"Error: {error}", err=True)
        raise SystemExit(1) from error
