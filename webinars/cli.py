"""The ``webinars`` command: Flask's CLI bound to this app (run, db, demo, users...)."""

from flask.cli import FlaskGroup

from webinars import create_app

cli = FlaskGroup(create_app=lambda: create_app(), help="Manage the Webinars application.")


def main() -> None:
    cli(prog_name="webinars")
