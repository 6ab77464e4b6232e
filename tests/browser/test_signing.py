"""A speaker opens the link of their e-mail, draws a signature on the canvas and signs."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests import factories
from webinars.agreements import audit, drafting, sending
from webinars.agreements.models import AgreementKind, AgreementStatus, AgreementTemplate, Signatory
from webinars.extensions import db
from webinars.mail.models import OutboxMessage


def test_a_speaker_signs_with_a_drawn_signature(page: Page, app):
    organization = factories.make_organization(name="APEBI — Pôle Offshoring", timezone="Africa/Casablanca")
    owner = factories.make_user(organization, email="organizer@example.org")
    webinar = factories.make_webinar(organization, title="L'offshoring régionalisé")
    factories.add_participant(webinar, factories.make_person(organization, "Yassine Tazi", email="tazi@example.org"))
    template = AgreementTemplate(
        organization=organization,
        kind=AgreementKind.RELEASE,
        title="Autorisation — {{ person.full_name }}",
        body="J'autorise {{ organization.name }} à enregistrer mon intervention au webinaire « {{ webinar.title }} ».",
    )
    db.session.add(template)
    actor = audit.organizer_actor(owner)
    [agreement] = drafting.create_release_drafts(webinar, template, actor).created
    sending.send_agreement(agreement, actor)
    db.session.commit()
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == "tazi@example.org"))
    path = re.search(r"http://localhost(/sign/\S+)", message.text_body).group(1)

    page.goto(path + "?lang=en")
    expect(page.locator(".agreement-document")).to_contain_text("à enregistrer mon intervention")
    expect(page.locator("main")).to_contain_text("not a qualified electronic signature")
    page.get_by_label("Your full name").fill("Yassine Tazi")

    canvas = page.locator("#signature-pad")
    expect(canvas).to_be_visible()  # shown by the script; hidden without JavaScript
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + box["height"] * 0.7)
    page.mouse.down()
    for step in range(1, 13):
        x = box["x"] + 30 + step * (box["width"] - 60) / 12
        y = box["y"] + box["height"] * (0.3 if step % 2 else 0.7)
        page.mouse.move(x, y, steps=4)
    page.mouse.up()
    expect(page.locator("#signature")).to_have_value(re.compile(r"^data:image/png;base64,"))

    page.get_by_label("I have read the document above and I agree to it.").check()
    page.get_by_role("button", name="Sign the document").click()

    expect(page.locator("main")).to_contain_text("Thank you: your signature is recorded.")
    expect(page.locator("main")).to_contain_text("You signed this document on")
    db.session.expire_all()
    signatory = db.session.scalar(select(Signatory))
    assert signatory.typed_name == "Yassine Tazi"
    assert signatory.signature_png.startswith(b"\x89PNG")
    assert signatory.agreement.status is AgreementStatus.COMPLETED
