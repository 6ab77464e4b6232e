"""Templates' placeholders, rendering, and the document's fingerprint (pure functions)."""

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
    assert problems(RELEASE, "{{person.full_name}}, {{person.role}} — {{webinar.title}} du {{webinar.date}}") == []
    assert problems(CONVENTION, "{{#parties}}{{party.name}} ({{party.signatory}}){{/parties}}") == []
    assert problems(CONVENTION, "Entre {{party1.name}} et {{party2.name}}") == []
    assert problems(RELEASE, "{{ Titre du webinaire }}, {{webinar title}}, {{ NOM DE L’INTERVENANT }}") == []


@pytest.mark.parametrize(
    ("kind", "body", "code", "named"),
    [
        (RELEASE, "{{webinar.titel}}", "unknown", "{{webinar.titel}}"),
        (RELEASE, "{{ speaker.name }}", "unknown", "{{ speaker.name }}"),
        (RELEASE, "{{person.salary}}", "unknown", "{{person.salary}}"),
        (CONVENTION, "{{person.full_name}}", "unknown", "{{person.full_name}}"),  # a convention has parties, not a person
        (RELEASE, "{{#parties}}{{party.name}}{{/parties}}", "unknown", "{{#parties}}"),
        (CONVENTION, "{{#parties}}{{party.email}}{{/parties}}", "unknown", "{{party.email}}"),
        (CONVENTION, "{{party11.name}}", "unknown", "{{party11.name}}"),  # ten parties at most
        (RELEASE, "{{webinar}}", "unknown", "{{webinar}}"),
        (CONVENTION, "Entre {{party.name}} et les autres", "outside_block", "{{party.name}}"),
        (RELEASE, "{% for i in range(10) %}x{% endfor %} {{ range(10) }}", "unknown", "{{ range(10) }}"),
    ],
)
def test_unknown_placeholders_are_named(kind, body, code, named):
    [problem] = problems(kind, body)
    assert problem.field == "body"
    assert problem.code == code
    assert named in problem.detail


def test_title_is_checked_too():
    [problem] = documents.check_template(RELEASE, "Autorisation — {{person.nom}}", "Texte")
    assert problem.field == "title" and "{{person.nom}}" in problem.detail
    problem = documents.check_template(CONVENTION, "{{#parties}}{{party.name}}{{/parties}}", "Texte")[0]
    assert problem.field == "title" and problem.code == "unknown" and "{{#parties}}" in problem.detail


def test_a_stray_brace_gives_its_line():
    [problem] = problems(RELEASE, "Ligne 1\nLigne 2 {{ person.full_name \n")
    assert problem.code == "syntax"
    assert problem.line == 2 and problem.detail == "{{"


@pytest.mark.parametrize(
    "body",
    [
        "{{#parties}} sans fin",
        "{{/parties}} sans début",
        "{{#parties}}{{#parties}}{{party.name}}{{/parties}}{{/parties}}",
    ],
)
def test_the_parties_block_must_be_opened_then_closed_once(body):
    assert [problem.code for problem in problems(CONVENTION, body)] == ["block"]


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


def context():
    return documents.document_context(
        webinar=facts(),
        organization=documents.organization_facts(name="APEBI", website=None),
        parties=[
            documents.party_facts(name="APEBI", signatory="A. Signataire", position="Président"),
            documents.party_facts(name="CRI Fès-Meknès", signatory="Yassine Tazi", position=None),
        ],
    )


def test_rendering_fills_in_the_facts():
    text = documents.render_text(
        "{{#parties}}- {{party.name}} ({{party.signatory}})\n{{/parties}}Le {{Date du webinaire}}, {{party2.signatory}}.",
        context(),
    )
    assert text == "- APEBI (A. Signataire)\n- CRI Fès-Meknès (Yassine Tazi)\nLe 18 décembre 2020, Yassine Tazi."


def test_an_empty_fact_writes_nothing():
    assert documents.render_text("[{{party2.position}}] [{{webinar.subtitle}}]", context()) == "[] []"


def test_rendering_never_prints_nothing_for_a_missing_party():
    with pytest.raises(documents.RenderingFailed) as failure:
        documents.render_text("{{party3.name}}", context())
    assert failure.value.code == "missing_party"


def test_rendering_refuses_what_is_not_a_placeholder():
    with pytest.raises(documents.RenderingFailed):
        documents.render_text("{{ webinar.__class__.__mro__ }}", context())


def test_a_rendered_title_is_one_line_within_the_column():
    title = documents.render_title("Convention\n{{party1.name}} " + "{{Titre du webinaire}} " * 20, context())
    assert title.startswith("Convention APEBI L'offshoring")
    assert len(title) == 300 and title.endswith("…")


def test_document_hash_covers_title_and_body():
    expected = hashlib.sha256("Titre\n\nCorps".encode()).hexdigest()
    assert documents.document_sha256("Titre", "Corps") == expected
    assert documents.document_sha256("Titre", "Corps.") != expected
    assert documents.document_sha256("Titre ", "Corps") != expected
