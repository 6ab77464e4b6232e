"""Templates' placeholders, rendering in the sandbox, and the document's fingerprint (pure functions)."""

from __future__ import annotations

import hashlib

import pytest

from tests.factories import utc
from webinars.agreements import documents
from webinars.agreements.models import AgreementKind

RELEASE = AgreementKind.RELEASE
CONVENTION = AgreementKind.CONVENTION


def problems(kind, body, title="Autorisation"):
    return documents.check_template(kind, title, body)


def test_known_placeholders_are_accepted():
    assert problems(RELEASE, "{{ person.full_name }}, {{ person.role }} — {{ webinar.title }} du {{ webinar.date }}") == []
    assert problems(CONVENTION, "{% for party in parties %}{{ party.name }} ({{ party.signatory }}){% endfor %}") == []
    assert problems(CONVENTION, "Entre {{ parties[0].name }} et {{ parties[1].name }}") == []
    assert problems(CONVENTION, "{% if webinar.subtitle %}{{ webinar.subtitle }}{% endif %}") == []


@pytest.mark.parametrize(
    ("kind", "body", "named"),
    [
        (RELEASE, "{{ webinar.titel }}", "{{ webinar.titel }}"),
        (RELEASE, "{{ speaker.name }}", "{{ speaker }}"),
        (RELEASE, "{{ person.salary }}", "{{ person.salary }}"),
        (CONVENTION, "{{ person.full_name }}", "{{ person }}"),  # a convention has parties, not a person
        (RELEASE, "{% for party in parties %}{{ party.name }}{% endfor %}", "{{ parties }}"),
        (CONVENTION, "{% for party in parties %}{{ party.email }}{% endfor %}", "{{ party.email }}"),
        (CONVENTION, "{{ parties[0].items }}", "{{ party.items }}"),
        (RELEASE, "{{ webinar }}", "{{ webinar }}"),
        (RELEASE, "{% for i in range(10) %}x{% endfor %}", "{{ range }}"),
    ],
)
def test_unknown_placeholders_are_named(kind, body, named):
    [problem] = problems(kind, body)
    assert problem.field == "body"
    assert problem.code == "unknown"
    assert named in problem.detail


def test_title_is_checked_too():
    [problem] = documents.check_template(RELEASE, "Autorisation — {{ person.nom }}", "Texte")
    assert problem.field == "title" and "{{ person.nom }}" in problem.detail


def test_syntax_errors_give_the_line():
    [problem] = problems(RELEASE, "Ligne 1\nLigne 2 {{ person.full_name \n")
    assert problem.code == "syntax"
    assert problem.line in (2, 3)


def test_valid_placeholders_list_depends_on_the_kind():
    release = documents.valid_placeholders(RELEASE)
    convention = documents.valid_placeholders(CONVENTION)
    assert "{{ person.full_name }}" in release and "{{ webinar.date }}" in release
    assert "{{ person.full_name }}" not in convention
    assert "{{ party.name }}" in convention and "{{ parties[0].name }}" in convention


def facts(language="fr"):
    return documents.webinar_facts(
        title="L'offshoring régionalisé",
        subtitle=None,
        starts_at=utc(2020, 12, 18, 9, 0),
        ends_at=utc(2020, 12, 18, 11, 0),
        zone_name="Africa/Casablanca",
        url="https://example.org/webinars/offshoring",
        language=language,
    )


def test_webinar_facts_are_in_the_event_zone_and_language():
    french = facts("fr")
    assert french["date"] == "18 décembre 2020"
    assert french["time"] == "10:00–12:00"
    assert french["timezone"] == "Africa/Casablanca (UTC+1)"
    assert french["subtitle"] == ""
    assert facts("en")["date"] == "December 18, 2020"


def test_rendering_fills_in_the_facts():
    context = documents.document_context(
        webinar=facts(),
        organization=documents.organization_facts(name="APEBI", website=None),
        parties=[
            documents.party_facts(name="APEBI", signatory="A. Signataire", position="Président"),
            documents.party_facts(name="CRI Fès-Meknès", signatory="Yassine Tazi", position=None),
        ],
    )
    text = documents.render_text(
        "{% for party in parties %}- {{ party.name }} ({{ party.signatory }})\n{% endfor %}Le {{ webinar.date }}.", context
    )
    assert text == "- APEBI (A. Signataire)\n- CRI Fès-Meknès (Yassine Tazi)\nLe 18 décembre 2020."


def test_rendering_never_prints_nothing_for_a_missing_fact():
    context = documents.document_context(webinar=facts(), organization={"name": "APEBI", "website": ""}, parties=[])
    with pytest.raises(documents.RenderingFailed):
        documents.render_text("{{ parties[2].name }}", context)


def test_the_sandbox_refuses_python_internals():
    with pytest.raises(documents.RenderingFailed):
        documents.render_text("{{ webinar.__class__.__mro__ }}", {"webinar": {}})


def test_document_hash_covers_title_and_body():
    expected = hashlib.sha256("Titre\n\nCorps".encode()).hexdigest()
    assert documents.document_sha256("Titre", "Corps") == expected
    assert documents.document_sha256("Titre", "Corps.") != expected
    assert documents.document_sha256("Titre ", "Corps") != expected
