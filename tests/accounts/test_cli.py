"""``webinars users create``: the first owner of an organization, from the command line."""

from __future__ import annotations

from sqlalchemy import func, select

from tests import factories
from webinars.accounts.models import Membership, Organization, Role, User
from webinars.extensions import db

PASSWORD = "a long enough secret"


def create(runner, *options: str, input: str | None = None):
    return runner.invoke(args=["users", "create", *options], input=input)


def user(email: str) -> User | None:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_creates_organization_and_owner_with_password_asked_twice(runner, client):
    result = create(
        runner,
        "--email", "Amina@Example.org",
        "--organization", "CRI Fès-Meknès",
        "--timezone", "Africa/Casablanca",
        "--full-name", "Amina Alaoui",
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )

    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output, "the password is not echoed"
    assert "Created organization CRI Fès-Meknès (slug cri-fes-meknes, time zone Africa/Casablanca)" in result.output
    amina = user("amina@example.org")
    assert amina.full_name == "Amina Alaoui" and amina.check_password(PASSWORD)
    [membership] = amina.memberships
    assert membership.role is Role.OWNER
    assert membership.organization.slug == "cri-fes-meknes"
    assert membership.organization.timezone == "Africa/Casablanca"
    # And they can sign in with it.
    response = client.post("/login", data={"email": "amina@example.org", "password": PASSWORD})
    assert response.status_code == 302


def test_password_from_stdin_and_default_zone(runner, app):
    result = create(runner, "--email", "ops@example.org", "--organization", "Ops", "--password-stdin", input=f"{PASSWORD}\n")

    assert result.exit_code == 0, result.output
    assert user("ops@example.org").check_password(PASSWORD)
    assert db.session.scalar(select(Organization.timezone).where(Organization.name == "Ops")) == app.config["DEFAULT_TIMEZONE"]


def test_mismatched_confirmation_asks_again(runner):
    result = create(
        runner, "--email", "a@example.org", "--organization", "Org",
        input=f"{PASSWORD}\nsomething else entirely\n{PASSWORD}\n{PASSWORD}\n",
    )

    assert result.exit_code == 0, result.output
    assert "do not match" in result.output
    assert user("a@example.org").check_password(PASSWORD)


def test_short_password_is_refused(runner):
    from_stdin = create(runner, "--email", "a@example.org", "--organization", "Org", "--password-stdin", input="short\n")
    prompted = create(runner, "--email", "a@example.org", "--organization", "Org", input=f"short\n{PASSWORD}\n{PASSWORD}\n")

    assert from_stdin.exit_code != 0
    assert "at least 10 characters" in from_stdin.output
    assert "at least 10 characters" in prompted.output, "the prompt explains and asks again"
    assert prompted.exit_code == 0
    assert user("a@example.org").check_password(PASSWORD)


def test_bad_email_and_unknown_zone_are_refused_before_anything_is_created(runner):
    bad_email = create(runner, "--email", "not-an-address", "--organization", "Org", "--password-stdin", input=f"{PASSWORD}\n")
    bad_zone = create(
        runner, "--email", "a@example.org", "--organization", "Org", "--timezone", "Mars/Olympus", "--password-stdin",
        input=f"{PASSWORD}\n",
    )

    assert bad_email.exit_code == 2 and "--email" in bad_email.output
    assert bad_zone.exit_code == 2 and "Unknown time zone Mars/Olympus" in bad_zone.output
    assert count(User) == 0 and count(Organization) == 0


def test_existing_user_becomes_owner_of_an_existing_organization(runner):
    organization = factories.make_organization(name="Existing Org", timezone="Europe/Paris")
    helper = factories.make_user(organization, email="helper@example.org", role=Role.ORGANIZER)

    result = create(runner, "--email", "HELPER@example.org", "--organization", "existing org", "--timezone", "Africa/Casablanca")

    assert result.exit_code == 0, result.output
    assert "password unchanged" in result.output
    assert "its time zone stays Europe/Paris" in result.output
    db.session.expire_all()
    membership = db.session.scalar(select(Membership).where(Membership.user_id == helper.id))
    assert membership.role is Role.OWNER and membership.organization_id == organization.id
    assert count(Organization) == 1
    assert user("helper@example.org").check_password(factories.DEFAULT_PASSWORD)


def test_same_name_slug_gets_a_suffix_when_taken(runner):
    factories.make_organization(name="Other", slug="cri")

    result = create(runner, "--email", "a@example.org", "--organization", "CRI!", "--password-stdin", input=f"{PASSWORD}\n")

    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(Organization.slug).where(Organization.name == "CRI!")) == "cri-2"
