"""Agreement templates, written in the browser with placeholders from a fixed list, in French or English."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from tests.agreements.helpers import RELEASE_BODY, make_template
from webinars.agreements.models import Agreement, AgreementKind, AgreementTemplate
from webinars.extensions import db


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(AgreementTemplate))


def new_template(client, organizer, lang="en", **data):
    fields = {"kind": "release", "title": "Autorisation — {{Speaker name}}", "body": RELEASE_BODY, **data}
    return client.post(f"/manage/{organizer.organization.slug}/agreement-templates/new?lang={lang}", data=fields)


def stored() -> AgreementTemplate:
    db.session.expire_all()
    return db.session.scalar(select(AgreementTemplate))


def test_an_organizer_writes_a_template_and_sees_a_preview(client, organizer):
    response = new_template(client, organizer)

    assert response.status_code == 302
    template = stored()
    assert template.organization_id == organizer.organization.id
    assert template.kind is AgreementKind.RELEASE
    assert template.title == "Autorisation — {{person.full_name}}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Template saved." in page
    assert "Preview with example values" in page
    assert "December 18, 2020" in page  # the example webinar's date, in the page's language
    listing = client.get(f"/manage/{organizer.organization.slug}/agreement-templates").get_data(as_text=True)
    assert "Autorisation — [Speaker name]" in listing


def test_french_labels_are_stored_canonical_and_shown_in_each_organizers_language(client, organizer):
    response = new_template(
        client,
        organizer,
        lang="fr",
        title="Autorisation — {{Nom de l’intervenant}}",
        body="J'autorise {{ nom de l'organisation }} pour « {{Webinar title}} ».",
    )
    assert response.status_code == 302
    template = stored()
    assert template.body == "J'autorise {{organization.name}} pour « {{webinar.title}} ».\n"

    french = client.get(f"/manage/agreement-templates/{template.id}/edit?lang=fr").get_data(as_text=True)
    assert "J&#39;autorise {{Nom de l&#39;organisation}} pour « {{Titre du webinaire}} »." in french
    english = client.get(f"/manage/agreement-templates/{template.id}/edit?lang=en").get_data(as_text=True)
    assert "J&#39;autorise {{Organization name}} pour « {{Webinar title}} »." in english
    assert 'value="Autorisation — {{Speaker name}}"' in english

    # Saving the English form unchanged stores the same text.
    client.post(
        f"/manage/agreement-templates/{template.id}/edit?lang=en",
        data={"kind": "release", "title": "Autorisation — {{Speaker name}}", "body": "J'autorise {{Organization name}} pour « {{Webinar title}} »."},
    )
    assert stored().body == template.body


def test_the_editor_lists_the_placeholders_with_what_they_insert_and_a_button(client, organizer):
    page = client.get(f"/manage/{organizer.organization.slug}/agreement-templates/new?lang=fr").get_data(as_text=True)

    assert "placeholder-picker.js" in page
    section = page.split('id="placeholders-heading"')[1]
    assert "<code>{{Titre du webinaire}}</code>" in section
    assert "Webinaire d&#39;exemple" in section  # the example value of the title
    assert 'data-insert="{{Nom de l&#39;intervenant}}"' in section
    # The parties' block is inserted as a pair around the selection.
    assert 'data-insert="{{Pour chaque partie}}" data-closing="{{Fin pour chaque partie}}"' in section
    # Buttons wait for the script; without it the names are there to type.
    assert re.search(r'<button type="button" class="button small insert-placeholder" hidden', section)


def test_an_unknown_placeholder_is_refused_and_named(client, organizer):
    response = new_template(client, organizer, body="Je soussigné {{ person.nom }}, le {{Webinar date}}.")

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Unknown placeholder: {{ person.nom }}." in html
    assert "<code>{{Speaker name}}</code>" in html
    assert count() == 0


@pytest.mark.parametrize("expression", ["{{ 7**20000000 }}", '{{ "x" * 20000000 }}', "{{ 10**5000 }}"])
def test_an_expression_is_refused_as_an_unknown_placeholder(client, organizer, expression):
    response = new_template(client, organizer, body=f"Texte {expression}")

    assert response.status_code == 422
    assert f"Unknown placeholder: {expression}." in response.get_data(as_text=True).replace("&#34;", '"')
    assert count() == 0


def test_a_stray_brace_is_refused_with_its_line(client, organizer):
    response = new_template(client, organizer, body="Bonjour\n{{ Speaker name")

    assert response.status_code == 422
    assert "Line 2: “{{” is not part of a placeholder." in response.get_data(as_text=True)
    assert count() == 0


def test_a_convention_template_cannot_use_the_release_placeholders(client, organizer):
    response = new_template(client, organizer, kind="convention", title="Convention", body="Entre {{Speaker name}}")

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Unknown placeholder: {{Speaker name}}." in html


def test_party_placeholders_belong_in_the_parties_block(client, organizer):
    response = new_template(client, organizer, kind="convention", title="Convention", body="Entre {{Party name}}.")

    assert response.status_code == 422
    assert "{{Party name}} can only be used between {{For each party}} and {{End for each party}}." in (
        response.get_data(as_text=True)
    )


def test_editing_keeps_the_rules(client, organizer):
    new_template(client, organizer)
    template = stored()

    refused = client.post(
        f"/manage/agreement-templates/{template.id}/edit",
        data={"kind": "release", "title": "T", "body": "{{ webinar.secret }}"},
    )
    assert refused.status_code == 422
    assert stored().body == RELEASE_BODY

    saved = client.post(
        f"/manage/agreement-templates/{template.id}/edit",
        data={"kind": "release", "title": "Autorisation", "body": "Nouveau texte pour {{ person.full_name }}."},
    )
    assert saved.status_code == 302
    assert stored().body == "Nouveau texte pour {{person.full_name}}.\n"


def test_a_template_stored_with_an_expression_is_never_evaluated(client, organizer, webinar):
    """A template written before placeholders were checked: shown with a message, never run, never sent."""
    template = make_template(organizer.organization, AgreementKind.RELEASE, "Autorisation", "Texte {{ 10**5000 }}")

    page = client.get(f"/manage/agreement-templates/{template.id}/edit?lang=en")
    assert page.status_code == 200
    assert "{{ 10**5000 }} is not a placeholder" in page.get_data(as_text=True)

    response = client.post(
        f"/manage/webinars/{webinar.id}/agreements/releases?lang=en", data={"template_id": template.id}, follow_redirects=True
    )
    assert response.status_code == 200
    assert "{{ 10**5000 }} is not a placeholder" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Agreement)) == 0


def test_menus_and_lists_show_titles_filled_in_never_placeholders(client, organizer, webinar, release_template, convention_template):
    page = client.get(f"/manage/webinars/{webinar.id}/agreements?lang=en").get_data(as_text=True)
    assert "Autorisation d&#39;enregistrement — [Speaker name]</option>" in page

    form = client.get(f"/manage/webinars/{webinar.id}/agreements/convention?lang=en").get_data(as_text=True)
    assert "Convention de partenariat — L&#39;offshoring régionalisé</option>" in form

    listing = client.get(f"/manage/{organizer.organization.slug}/agreement-templates?lang=fr").get_data(as_text=True)
    assert "Convention de partenariat — [Titre du webinaire]" in listing
    for html in (page, form, listing):
        assert "{{" not in html.split('id="placeholders-heading"')[0]


def test_a_template_can_be_deleted(client, organizer):
    new_template(client, organizer)
    template = stored()

    response = client.post(f"/manage/agreement-templates/{template.id}/delete", follow_redirects=True)

    assert "Template deleted." in response.get_data(as_text=True)
    assert count() == 0
