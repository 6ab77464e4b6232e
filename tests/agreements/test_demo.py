"""The demo's agreements: the 2020 convention signed during the event, the upcoming amendment signable from the .eml files."""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from io import BytesIO
from pathlib import Path

import pypdf
import pytest
from sqlalchemy import func, select

from tests.factories import utc
from webinars.agreements.models import Agreement, AgreementStatus, AgreementTemplate, SignatoryState
from webinars.events.models import Webinar
from webinars.extensions import db


@pytest.fixture
def run_demo(runner, clock):
    def run():
        result = runner.invoke(args=["demo"])
        assert result.exit_code == 0, result.output
        db.session.expire_all()

    return run


def agreement_of(slug: str) -> Agreement:
    return db.session.scalar(select(Agreement).join(Webinar).where(Webinar.slug == slug))


def eml_links(app) -> dict[str, str]:
    """Signing links in the .eml files, by recipient (the newest file wins)."""
    links = {}
    for path in sorted((Path(app.instance_path) / "outbox").glob("*.eml"), key=lambda p: p.stat().st_mtime):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        match = re.search(r"http://localhost(/sign/\S+)", message.get_body(("plain",)).get_content())
        if match:
            links[str(message["To"].addresses[0].addr_spec)] = match.group(1)
    return links


def test_templates_and_agreements_are_loaded_once(run_demo):
    run_demo()
    run_demo()

    titles = set(db.session.scalars(select(AgreementTemplate.title)))
    assert titles == {
        "Autorisation d'enregistrement et de diffusion — {{person.full_name}}",
        "Convention de partenariat APEBI – CRI Fès-Meknès",
        "Avenant n° 1 à la convention de partenariat APEBI – CRI Fès-Meknès",
    }
    assert db.session.scalar(select(func.count()).select_from(Agreement)) == 2


def test_the_2020_convention_was_signed_by_both_parties_during_the_event(run_demo, runner):
    run_demo()

    convention = agreement_of("offshoring-regionalise-2020")
    assert convention.status is AgreementStatus.COMPLETED
    assert convention.title == "Convention de partenariat APEBI – CRI Fès-Meknès"
    assert "Yassine Tazi, Directeur général" in convention.body
    assert "antenne régionale de l'APEBI" in convention.body
    assert "18 décembre 2020" in convention.body
    signers = {s.full_name: s for s in convention.signatories}
    assert set(signers) == {"Yassine Tazi", "Représentant de l'APEBI (démonstration)"}
    for signer in signers.values():
        assert signer.state is SignatoryState.SIGNED
        assert signer.signature_png is not None
        # During the signing slot of the agenda: 11:00–11:15 in Casablanca, 10:00–10:15 UTC then.
        assert utc(2020, 12, 18, 10, 0) <= signer.answered_at <= utc(2020, 12, 18, 10, 15)
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(BytesIO(convention.pdf)).pages)
    assert "Yassine Tazi" in text and convention.verification_code in text
    assert "vendredi 18 décembre 2020" in text
    assert runner.invoke(args=["agreements", "verify"]).exit_code == 0


def test_the_upcoming_amendment_can_be_signed_from_the_eml_files(app, run_demo, client):
    run_demo()

    amendment = agreement_of("fes-meknes-territoire-digital")
    assert amendment.status is AgreementStatus.SENT
    links = eml_links(app)
    assert set(links) == {"yassine.tazi@cri-fes-meknes.example", "signataire@apebi.example"}

    page = client.get(links["yassine.tazi@cri-fes-meknes.example"])
    assert page.status_code == 200
    assert "Avenant n° 1" in page.get_data(as_text=True)


def test_links_of_the_first_run_still_work_weeks_later(app, client, run_demo, clock):
    run_demo()
    first = eml_links(app)

    clock.advance(days=60)
    run_demo()

    assert eml_links(app) == first  # nothing sent again
    assert client.get(first["signataire@apebi.example"]).status_code == 200


def test_a_run_with_working_links_sends_nothing(app, run_demo, clock):
    run_demo()
    clock.advance(days=2)
    run_demo()
    # The two signing requests and the invitation of the upcoming webinar's invited speaker, once each.
    assert len(list((Path(app.instance_path) / "outbox").glob("*.eml"))) == 3
