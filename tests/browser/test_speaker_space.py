"""The issue's "done": the organizer invites a speaker; the speaker accepts, fills in the profile
with a photo (cropped in the preview), sends slides and signs the release in their space; the
organizer accepts the profile and sees it on the public page."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from tests import factories
from tests.people.images import image_bytes, open_image
from tests.speakers.helpers import pdf_bytes
from webinars.agreements import audit, drafting, lookup, sending
from webinars.agreements.models import AgreementKind, AgreementStatus, AgreementTemplate
from webinars.events.models import WebinarStatus
from webinars.extensions import db
from webinars.mail.models import OutboxMessage
from webinars.people.models import Person
from webinars.speakers.models import SpeakerSlides

SPACE_LINK = re.compile(r"http://[^/\s]+(/s/[\w-]+)")


def sign_in(page: Page, email: str) -> None:
    page.goto("/login?lang=en")
    page.get_by_label("E-mail", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(factories.DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def mail_to(address: str, kind: str) -> OutboxMessage:
    db.session.expire_all()
    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == address, OutboxMessage.kind == kind)
    ).all()[-1]


def test_a_speaker_uses_their_space_and_the_organizer_publishes_the_profile(page: Page, browser: Browser, app, live_server):
    organization = factories.make_organization(name="APEBI — Pôle Offshoring", timezone="Africa/Casablanca")
    owner = factories.make_user(organization, email="organizer@example.org")
    webinar = factories.make_publishable_webinar(organization, title="L'offshoring régionalisé", status=WebinarStatus.PUBLISHED)
    db.session.add(AgreementTemplate(organization=organization, kind=AgreementKind.RELEASE,
                                     title="Autorisation — {{ person.full_name }}",
                                     body="J'autorise {{ organization.name }} à enregistrer mon intervention."))
    db.session.commit()

    # The organizer invites a new speaker from the line-up.
    sign_in(page, "organizer@example.org")
    page.goto(f"/manage/webinars/{webinar.id}/people?lang=en")
    form = page.locator("form", has=page.get_by_role("button", name="Create and add to this webinar"))
    form.get_by_label("Full name", exact=True).fill("Salma Berrada")
    form.get_by_label("E-mail", exact=True).fill("salma@example.org")
    form.get_by_label("Invite them by e-mail: they accept or decline in their speaker space").check()
    form.get_by_role("button", name="Create and add to this webinar").click()
    expect(page.locator(".lineup-person", has_text="Salma Berrada")).to_contain_text("Invited, no answer yet")
    path = SPACE_LINK.search(mail_to("salma@example.org", "speaker_invitation").text_body).group(1)

    # The speaker, in a browser of her own, accepts.
    speaker = browser.new_context(base_url=live_server, locale="en-GB", timezone_id="Europe/Paris").new_page()
    speaker.set_default_timeout(10_000)
    speaker.goto(path + "?lang=en")
    expect(speaker.locator("main")).to_contain_text("Will you speak at this webinar?")
    speaker.get_by_role("button", name="Yes, I accept").click()
    expect(speaker.locator("main")).to_contain_text("Thank you: you accepted.")

    # Her profile, with a photo: the crop preview shows the square, which she moves and zooms.
    speaker.get_by_label("Position", exact=True).fill("Responsable de l'antenne régionale")
    speaker.get_by_label("Organization", exact=True).fill("APEBI — antenne Fès-Meknès")
    speaker.get_by_label("Biography in French", exact=True).fill("Elle anime l'antenne régionale depuis 2024.")
    speaker.get_by_label("Links", exact=True).fill("https://www.linkedin.com/in/example")
    speaker.get_by_label("Photo", exact=True).set_input_files(
        files=[{"name": "portrait.png", "mimeType": "image/png", "buffer": image_bytes("PNG", size=(900, 600), color=(20, 90, 160))}]
    )
    expect(speaker.locator("#photo-crop")).to_be_visible()
    speaker.locator("#photo-crop-zoom").fill("60")
    square = speaker.locator("#photo-crop-square")
    box = square.bounding_box()
    speaker.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    speaker.mouse.down()
    speaker.mouse.move(box["x"] + box["width"] / 2 + 40, box["y"] + box["height"] / 2, steps=5)
    speaker.mouse.up()
    assert speaker.locator("input[name=crop_size]").input_value() == "0.6000"
    assert float(speaker.locator("input[name=crop_left]").input_value()) > 0.2
    speaker.get_by_role("button", name="Save my profile").click()
    expect(speaker.locator("main")).to_contain_text("The organizer will review the changes")

    # Her slides.
    speaker.get_by_label("Slides (PDF)", exact=True).set_input_files(
        files=[{"name": "Présentation.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes(pages=4)}]
    )
    speaker.get_by_role("button", name="Send my slides").click()
    expect(speaker.locator("main")).to_contain_text("your slides are received")
    expect(speaker.locator("#your-slides")).to_contain_text("Présentation.pdf")

    # The organizer sends the releases; she signs hers in place.
    template = db.session.scalar(select(AgreementTemplate))
    actor = audit.organizer_actor(owner)
    for release in drafting.create_release_drafts(webinar, template, actor).created:
        sending.send_agreement(release, actor)
    db.session.commit()
    speaker.goto(path + "?lang=en")
    expect(speaker.locator(".agreement-document")).to_contain_text("à enregistrer mon intervention")
    speaker.get_by_label("Your full name").fill("Salma Berrada")
    speaker.get_by_label("I have read the document above and I agree to it.").check()
    speaker.get_by_role("button", name="Sign the document").click()
    expect(speaker.locator("main")).to_contain_text("You signed your release.")

    # The organizer reviews and accepts the profile; the public page shows it.
    page.goto(f"/manage/webinars/{webinar.id}/people?lang=en")
    row = page.locator(".lineup-person", has_text="Salma Berrada")
    for status in ("Accepted", "Changes to review", "Release signed", "Slides received"):
        expect(row).to_contain_text(status)
    row.get_by_role("link", name="Review the changes").click()
    expect(page.locator("main")).to_contain_text("Responsable de l'antenne régionale")
    page.get_by_role("button", name="Accept the changes").click()
    expect(page.locator("main")).to_contain_text("are accepted")

    page.goto(f"/webinars/{webinar.slug}?lang=en")
    person_card = page.locator(".people li", has_text="Salma Berrada")
    expect(person_card).to_contain_text("Responsable de l'antenne régionale")
    expect(person_card.locator("img")).to_be_visible()

    db.session.expire_all()
    person = db.session.scalar(select(Person).where(Person.full_name == "Salma Berrada"))
    photo = open_image(person.photo)
    assert photo.size == (360, 360)  # 60% of the 600-pixel side
    assert db.session.scalar(select(SpeakerSlides)).page_count == 4
    release = next(a for a in lookup.agreements_of(webinar) if a.person_id == person.id)
    assert release.status is AgreementStatus.COMPLETED
    speaker.context.close()
