"""An organizer writes a convention template with the placeholder picker, drafts a convention, reads it with
the real parties and sends it; one signatory confirms a name typed differently, and once both have signed
the signing page offers the signed PDF."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests import factories
from tests.browser.test_organizer_builds_a_webinar import sign_in
from webinars.agreements.models import Agreement, AgreementStatus, Signatory
from webinars.extensions import db
from webinars.mail.models import OutboxMessage


def signing_path(address: str) -> str:
    db.session.expire_all()
    message = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.to_address == address).order_by(OutboxMessage.id.desc())
    )
    return re.search(r"http://localhost(/sign/\S+)", message.text_body).group(1)


def sign(page: Page, path: str, typed_name: str) -> None:
    page.goto(path + "?lang=fr")
    page.get_by_label("Votre nom complet").fill(typed_name)
    page.get_by_label("J'ai lu le document ci-dessus et je l'accepte.").check()
    page.get_by_role("button", name="Signer le document").click()


def test_a_convention_drafted_from_the_picker_is_signed(page: Page, app):
    organization = factories.make_organization(name="APEBI", timezone="Africa/Casablanca")
    factories.make_user(organization, email="organizer@example.org")
    webinar = factories.make_webinar(organization, title="L'offshoring régionalisé")
    db.session.commit()
    sign_in(page, "organizer@example.org")

    # The template, written with the picker: no template code typed.
    page.goto(f"/manage/{organization.slug}/agreement-templates/new?lang=fr")
    page.get_by_label("Type").select_option(label="Convention entre organisations")
    title = page.get_by_label("Titre", exact=True)
    title.fill("Convention — ")
    title.press("End")
    page.get_by_role("button", name="Insérer {{Titre du webinaire}}").first.click()
    text = page.get_by_label("Texte", exact=True)
    text.fill("Entre les parties :\n\nFait le .")
    text.evaluate("field => field.setSelectionRange(20, 20)")  # the empty line
    page.get_by_role("button", name="Insérer {{Pour chaque partie}}").click()
    page.get_by_role("button", name="Insérer {{Nom de la partie}}", exact=True).click()
    text.press("Space")
    page.get_by_role("button", name="Insérer {{Signataire de la partie}}", exact=True).click()
    text.evaluate("field => field.setSelectionRange(field.value.length - 1, field.value.length - 1)")
    page.get_by_role("button", name="Insérer {{Date du webinaire}}").first.click()
    page.get_by_role("button", name="Enregistrer le modèle").click()
    expect(page.locator(".agreement-document")).to_contain_text("Première organisation")

    # The convention: the menu shows the title filled in, the draft shows the real parties.
    page.goto(f"/manage/webinars/{webinar.id}/agreements/convention?lang=fr")
    expect(page.get_by_label("Modèle de convention")).to_contain_text("Convention — L'offshoring régionalisé")
    for index, (name, signatory, email) in enumerate(
        [("APEBI", "Sofia Amrani", "amrani@apebi.example"), ("CRI Fès-Meknès", "Yassine Tazi", "tazi@cri.example")]
    ):
        party = page.locator("fieldset").nth(index)
        party.get_by_label("Organisation", exact=True).fill(name)
        party.get_by_label("Nom complet du signataire").fill(signatory)
        party.get_by_label("E-mail du signataire").fill(email)
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    document = page.locator(".agreement-document")
    expect(document).to_contain_text("APEBI Sofia Amrani")
    expect(document).to_contain_text("CRI Fès-Meknès Yassine Tazi")
    expect(page.locator("main")).not_to_contain_text("{{")
    page.get_by_role("button", name="Envoyer pour signature").click()
    expect(page.locator("main")).to_contain_text("Envoyé")

    # Sofia Amrani types her initial: a second step asks her to confirm.
    signer = page.context.browser.new_context(base_url=page.url.split("/manage")[0]).new_page()
    amrani = signing_path("amrani@apebi.example")
    sign(signer, amrani, "S. Amrani")
    expect(signer.get_by_role("alert")).to_contain_text("Vous avez saisi S. Amrani ; le document nomme Sofia Amrani.")
    signer.get_by_label("Oui, je signe sous le nom que j'ai saisi.").check()
    signer.get_by_role("button", name="Signer le document").click()
    expect(signer.locator("main")).to_contain_text("Merci")

    sign(signer, signing_path("tazi@cri.example"), "Yassine Tazi")
    expect(signer.locator("main")).to_contain_text("Merci")

    signer.goto(amrani + "?lang=fr")
    download_link = signer.get_by_role("link", name="Télécharger le PDF signé")
    expect(download_link).to_be_visible()
    with signer.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename.endswith("-signed.pdf")
    db.session.expire_all()
    agreement = db.session.scalar(select(Agreement))
    assert agreement.status is AgreementStatus.COMPLETED
    assert db.session.scalar(select(Signatory.typed_name).where(Signatory.email == "amrani@apebi.example")) == "S. Amrani"
