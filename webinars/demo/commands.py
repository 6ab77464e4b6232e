"""``webinars demo``: load the demo organization, its organizer and two webinars."""

from __future__ import annotations

import click
from flask import Blueprint, current_app

from webinars import clock
from webinars.demo import data
from webinars.demo.service import DemoRefused, load_demo
from webinars.extensions import db

bp = Blueprint("demo", __name__, cli_group=None)


@bp.cli.command("demo")
@click.option("--force", is_flag=True, help="Run even if the database holds other organizations.")
def demo(force: bool) -> None:
    """Load the demo data (safe to run again: it updates in place)."""
    try:
        result = load_demo(clock.now(), force=force)
    except DemoRefused as refusal:
        db.session.rollback()
        raise click.ClickException(str(refusal)) from refusal
    db.session.commit()

    base_url = current_app.config["BASE_URL"].rstrip("/")
    click.echo(f"Demo data ready: {result.organization.name}, {len(result.webinars)} webinars.")
    for webinar in result.webinars:
        click.echo(f"  {base_url}/webinars/{webinar.slug}")
    click.echo(f"Open {base_url}/")
    click.echo(f"Sign in at {base_url}/login as {data.ORGANIZER.email} with the password {data.ORGANIZER.password}")
