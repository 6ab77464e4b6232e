"""The audit trail: ``webinars agreements verify`` catches any row changed or deleted behind the app's back."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from tests.agreements.helpers import drawn_signature
from webinars.agreements import drafting, sending, signing
from webinars.agreements.audit import GENESIS, hash_of
from webinars.agreements.models import Agreement, AgreementStatus, AuditKind
from webinars.agreements.signatures import decode_signature
from webinars.extensions import db

ACTOR = "Test User <owner@example.org>"


@pytest.fixture
def completed(webinar, convention_template, clock):
    """A convention signed by two parties, through the service (the HTTP path is tested elsewhere)."""
    agreement = drafting.create_convention_draft(
        webinar,
        convention_template,
        [
            drafting.PartyDetails("APEBI", "Karim Alaoui", "Président", "alaoui@apebi.example"),
            drafting.PartyDetails("CRI Fès-Meknès", "Yassine Tazi", "Directeur général", "tazi@cri.example"),
        ],
        ACTOR,
    )
    sending.send_agreement(agreement, ACTOR)
    for signatory, png in zip(agreement.signatories, (decode_signature(drawn_signature()), None)):
        clock.advance(minutes=3)
        signing.record_opening(signatory, "192.0.2.10", "Firefox")
        signing.sign(
            signatory,
            signing.SignatureDetails(signatory.full_name, agreement.document_sha256, png, "192.0.2.10", "Firefox"),
        )
    db.session.commit()
    assert agreement.status is AgreementStatus.COMPLETED
    return agreement


def verify(runner):
    db.session.expire_all()
    return runner.invoke(args=["agreements", "verify"])


def test_the_chain_links_each_event_to_the_one_before(completed):
    kinds = [event.kind for event in completed.events]
    assert kinds == [
        AuditKind.CREATED, AuditKind.SENT,
        AuditKind.OPENED, AuditKind.SIGNED, AuditKind.OPENED, AuditKind.SIGNED,
        AuditKind.COMPLETED,
    ]
    assert completed.events[0].previous_hash == GENESIS
    for before, after in zip(completed.events, completed.events[1:]):
        assert after.previous_hash == before.hash
    assert all(hash_of(event) == event.hash for event in completed.events)
    assert completed.audit_head == completed.events[-1].hash


def test_an_intact_database_passes(runner, completed):
    result = verify(runner)
    assert result.exit_code == 0, result.output
    assert "1 agreement checked: its audit trail, document, signatures and PDF are intact." in result.output


TAMPERING = [
    pytest.param(
        "UPDATE agreement_signatories SET typed_name = 'Quelqu''un d''autre' WHERE email = 'tazi@cri.example'",
        "the signed record of Yassine Tazi was altered",
        id="typed name of a signature",
    ),
    pytest.param(
        "UPDATE agreement_signatories SET ip_address = '203.0.113.66' WHERE email = 'alaoui@apebi.example'",
        "the signed record of Karim Alaoui was altered",
        id="IP address of a signature",
    ),
    pytest.param(
        "UPDATE agreement_signatories SET signature_png = NULL WHERE email = 'alaoui@apebi.example'",
        "the signed record of Karim Alaoui was altered",
        id="drawn signature removed",
    ),
    pytest.param(
        "UPDATE agreement_signatories SET full_name = 'Karim Alaoui-Bennani' WHERE email = 'alaoui@apebi.example'",
        "the signatories differ from those recorded when the agreement was sent",
        id="signatory's name",
    ),
    pytest.param(
        "UPDATE agreements SET body = body || ' Et une clause de plus.'",
        "the frozen document was altered",
        id="document text",
    ),
    pytest.param(
        "UPDATE agreement_events SET actor = 'Someone else' WHERE sequence = 3",
        "event 3 (opened) was altered: its content no longer matches its hash",
        id="actor of an event",
    ),
    pytest.param(
        "UPDATE agreement_events SET details = replace(details, '192.0.2.10', '198.51.100.1') WHERE sequence = 4",
        "event 4 (signed) was altered",
        id="details of an event",
    ),
    pytest.param(
        "DELETE FROM agreement_events WHERE sequence = 2",
        "event 3 (opened) does not follow the event before it",
        id="an event deleted",
    ),
    pytest.param(
        "DELETE FROM agreement_events WHERE sequence = 7",
        "the newest events of the audit trail were deleted",
        id="the last event deleted",
    ),
    pytest.param(
        "UPDATE agreements SET status = 'sent'",
        "the agreement's status (sent) does not match its audit trail",
        id="status",
    ),
    pytest.param(
        "UPDATE agreements SET verification_code = 'AAAA-BBBB-CCCC-DDDD'",
        "the verification code was changed",
        id="verification code",
    ),
]


@pytest.mark.parametrize(("statement", "named"), TAMPERING)
def test_tampering_is_detected_and_named(runner, completed, statement, named):
    db.session.execute(text(statement))
    db.session.commit()

    result = verify(runner)

    assert result.exit_code != 0
    assert f"Agreement #{completed.id}:" in result.output
    assert named in result.output
    assert "Tampering detected" in result.output


def test_a_replaced_pdf_is_detected(runner, completed):
    db.session.execute(text("UPDATE agreements SET pdf = :pdf"), {"pdf": completed.pdf + b"\n% appended"})
    db.session.commit()

    result = verify(runner)

    assert result.exit_code != 0
    assert "the signed PDF was altered or replaced" in result.output


def test_rewriting_a_signature_and_its_event_together_still_breaks_the_chain(runner, completed):
    """Someone who edits the signature row and the matching event still leaves the hash behind."""
    signed = next(e for e in completed.events if e.kind is AuditKind.SIGNED)
    db.session.execute(
        text("UPDATE agreement_signatories SET typed_name = 'Faussaire' WHERE id = :id"), {"id": signed.signatory_id}
    )
    db.session.execute(
        text("UPDATE agreement_events SET details = replace(details, '\"typed_name\":\"Karim Alaoui\"', '\"typed_name\":\"Faussaire\"') WHERE id = :id"),
        {"id": signed.id},
    )
    db.session.commit()

    result = verify(runner)

    assert result.exit_code != 0
    assert f"event {signed.sequence} (signed) was altered" in result.output
    assert "signed record" not in result.output  # the row and the event agree; the hash does not


def test_one_agreement_can_be_checked_alone(runner, completed):
    db.session.expire_all()
    result = runner.invoke(args=["agreements", "verify", "--agreement", str(completed.id)])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(Agreement.id)) == completed.id
