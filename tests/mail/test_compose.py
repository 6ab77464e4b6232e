"""Headers that stay what they say once folded, however long or odd the names are."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy

import pytest

from webinars.mail.compose import Envelope, build_message
from webinars.mail.transports import as_wire_bytes

NAMES = [
    "A, b@c.example, and a long tail that goes on and on and on to force the header to fold",
    'Said "the boss", b@c.example, and a long tail that goes on and on to force folding',
    "Back\\slash; (comment) <not@an.address> [and] more: words to make it long enough",
    "Fédération des entreprises, b@c.example, du Maroc — pôle offshoring régionalisé",
    "Amina Alaoui",
]


def envelope(name: str) -> Envelope:
    return Envelope(
        message_id="<webinars.1@localhost>", sender_address="webinars@apebi.example", sender_name=name,
        to_address="amina@example.org", to_name=name, language="fr", subject="Objet", text_body="Bonjour",
        html_body="<p>Bonjour</p>", created_at=datetime(2026, 11, 2, 9, 0, tzinfo=UTC),
    )


@pytest.mark.parametrize("name", NAMES)
def test_a_display_name_with_commas_or_quotes_stays_one_address_once_folded(name):
    wire = as_wire_bytes(build_message(envelope(name)))

    received = message_from_bytes(wire, policy=policy.default)
    for header, address in (("To", "amina@example.org"), ("From", "webinars@apebi.example")):
        [parsed] = received[header].addresses
        assert (parsed.display_name, parsed.addr_spec) == (name, address)
    head = wire.split(b"\r\n\r\n", 1)[0]
    assert max(len(line) for line in head.split(b"\r\n")) <= 78
