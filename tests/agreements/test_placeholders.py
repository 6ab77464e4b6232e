"""Placeholders are names from a fixed list: nothing an organizer types is evaluated, so no template
can hold a worker, write megabytes or fail with a server error (pure functions)."""

from __future__ import annotations

import random

import pytest

from tests.factories import utc
from webinars.agreements import documents, placeholders
from webinars.agreements.models import AgreementKind

RELEASE, CONVENTION = AgreementKind.RELEASE, AgreementKind.CONVENTION

# Each once took a worker thread for minutes, wrote 20 MB into a page, or raised a server error.
HOSTILE = ["{{ 7**20000000 }}", '{{ "x" * 20000000 }}', "{{ 10**5000 }}"]


def facts(parties: int = 2) -> dict:
    return documents.document_context(
        webinar=documents.webinar_facts(
            title="L'offshoring régionalisé",
            subtitle="Opportunités",
            starts_at=utc(2020, 12, 18, 9, 0),
            ends_at=utc(2020, 12, 18, 11, 0),
            zone_name="Africa/Casablanca",
            url="https://example.org/webinars/offshoring",
            language="fr",
        ),
        organization=documents.organization_facts(name="APEBI", website="https://www.apebi.org.ma"),
        person=documents.person_facts(full_name="Yassine Tazi", position="Directeur général", affiliation="CRI", role="intervenant"),
        parties=[
            documents.party_facts(name=f"Partie {n}", signatory=f"Signataire {n}", position="Directeur général")
            for n in range(1, parties + 1)
        ],
    )


@pytest.mark.parametrize("body", HOSTILE)
@pytest.mark.parametrize("kind", [RELEASE, CONVENTION])
def test_expressions_are_refused_as_unknown_placeholders(kind, body):
    [problem] = documents.check_template(kind, "Titre", f"Avant {body} après")

    assert problem.code == "unknown" and problem.detail == body


@pytest.mark.parametrize("body", HOSTILE)
def test_an_expression_stored_before_the_check_is_never_evaluated(body):
    with pytest.raises(documents.RenderingFailed) as failure:
        documents.render_text(f"Avant {body} après", facts())

    assert failure.value.code == "unknown" and failure.value.detail == body


def test_a_template_at_the_length_limit_renders_to_its_size_plus_the_values():
    unit = "{{Titre du webinaire}} et {{ party1.name }}, " + "texte " * 10
    body = unit * (placeholders.BODY_MAX_LENGTH // len(unit))
    body += "x" * (placeholders.BODY_MAX_LENGTH - len(body))
    assert documents.check_template(CONVENTION, "Titre", body) == []
    assert documents.check_template(CONVENTION, "Titre", body + "x")[0].code == "too_long"

    text = documents.render_text(body, facts())

    value_lengths = len("L'offshoring régionalisé") + len("Partie 1")
    assert len(text) <= len(body) + body.count("{{") * value_lengths


def test_the_number_of_placeholders_is_capped():
    body = "{{webinar.title}}" * (placeholders.MAX_PLACEHOLDERS + 1)

    assert [problem.code for problem in documents.check_template(RELEASE, "Titre", body)] == ["too_many"]
    with pytest.raises(documents.RenderingFailed):
        documents.render_text(body, facts())


def test_a_filled_in_text_stops_at_its_limit():
    body = "{{#parties}}" + "{{party.name}}" * 900 + "{{/parties}}"
    long_names = facts(placeholders.MAX_PARTIES)
    for party in long_names["parties"]:
        party["name"] = "N" * 200  # as long as the form allows

    with pytest.raises(documents.RenderingFailed) as failure:
        documents.render_text(body, long_names)
    assert failure.value.code == "too_long"


def test_the_parties_block_is_written_once_per_party_at_most():
    block = "{{#parties}}" + "- {{party.name}}, {{party.signatory}}, {{party.position}}\n" * 300 + "{{/parties}}"
    assert documents.check_template(CONVENTION, "Titre", block) == []

    text = documents.render_text(block, facts(placeholders.MAX_PARTIES))

    assert text.count("\n") == 300 * placeholders.MAX_PARTIES
    assert len(text) <= len(block) * placeholders.MAX_PARTIES


FRAGMENTS = [
    "{{", "}}", "{", "}", "{{{", "}}}", "#parties", "/parties", " ", "\n", "x", "é", "’", "**", "%", "\\",
    "{{#parties}}", "{{/parties}}", "{{party.name}}", "{{ Nom de la partie }}", "{{party2.signatory}}",
    "{{party3.name}}", "{{webinar.title}}", "{{Date du webinaire}}", "{{person.full_name}}", "{{ 9**9**9 }}",
    "{{webinar.__class__}}", "{{" + "a" * 130 + "}}", "{% for x in parties %}", "{{- x -}}",
]


def test_random_templates_are_checked_and_rendered_without_surprises():
    """Whatever the text: the check answers, rendering gives text or RenderingFailed, never more than
    the template's size per party plus the values, and a template the check accepts renders."""
    chance = random.Random(20201218)
    longest_value = max(len(value) for group in ("webinar", "organization", "person") for value in facts()[group].values())
    for _ in range(3000):
        source = "".join(chance.choice(FRAGMENTS) for _ in range(chance.randint(0, 40)))
        for kind in (RELEASE, CONVENTION):
            found = documents.check_template(kind, "Titre", source)
            try:
                text = documents.render_text(source, facts(3))
            except documents.RenderingFailed:
                assert found, f"accepted but not renderable: {source!r}"
                continue
            assert len(text) <= len(source) * 3 + source.count("{{") * 3 * longest_value
        if not documents.check_template(CONVENTION, "Titre", source):
            for language in ("fr", "en"):
                shown = placeholders.localized(source, language)
                assert placeholders.canonical(shown) == placeholders.canonical(source)
                assert documents.render_text(shown, facts(3)) == documents.render_text(source, facts(3))


def test_every_name_stands_for_one_placeholder_only():
    seen: dict[str, str] = {}
    for placeholder in placeholders.PLACEHOLDERS:
        for name in {placeholder.key, placeholder.fr, placeholder.en}:
            normalized = placeholders.normalized_name(name)
            assert seen.setdefault(normalized, placeholder.key) == placeholder.key, name


@pytest.mark.parametrize(
    "written",
    ["{{webinar.title}}", "{{ webinar.title }}", "{{Titre du webinaire}}", "{{titre du  WEBINAIRE}}", "{{Webinar title}}"],
)
def test_french_english_and_canonical_names_are_one_placeholder(written):
    assert placeholders.canonical(f"« {written} »") == "« {{webinar.title}} »"


def test_the_editor_shows_placeholders_in_the_organizers_language():
    stored = "{{#parties}}{{party.name}}{{/parties}} — {{party1.name}}, {{Nom de l'organisation}} {{inconnu}}"

    assert placeholders.localized(stored, "fr") == (
        "{{Pour chaque partie}}{{Nom de la partie}}{{Fin pour chaque partie}} — {{Nom de la partie 1}}, "
        "{{Nom de l'organisation}} {{inconnu}}"
    )
    assert placeholders.localized(stored, "en").startswith("{{For each party}}{{Party name}}{{End for each party}}")
    assert placeholders.bracketed("Convention {{party1.name}} – {{party2.name}}", "fr") == (
        "Convention [Nom de la partie 1] – [Nom de la partie 2]"
    )
