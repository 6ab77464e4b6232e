"""What the webinar's public page shows and serves to spread it: cover or banner, bios, partner logos,
seats left, share links, QR code, link previews and schema.org's Event."""

from __future__ import annotations

import json
import re
from io import BytesIO

import pytest
from PIL import Image

from tests import factories
from tests.people.images import image_bytes, in_memory_upload, png_declaring
from webinars.events.models import Webinar, WebinarStatus
from webinars.extensions import db

PUBLISHED = WebinarStatus.PUBLISHED


def published(organization=None, **fields) -> Webinar:
    organization = organization or factories.make_organization("APEBI — Pôle Offshoring")
    fields.setdefault("status", PUBLISHED)
    return factories.make_publishable_webinar(organization, **fields)


def page(client, webinar, lang="en") -> str:
    # A fresh application context, as a new browser request has (Flask-Babel keeps the locale in ``g``).
    with client.application.app_context():
        response = client.get(f"/webinars/{webinar.slug}?lang={lang}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def meta(html: str, name: str) -> str | None:
    match = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)"', html)
    return match.group(1) if match else None


def json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def cover_url(webinar) -> str:
    return f"/webinars/{webinar.slug}/cover/{webinar.cover_hash}"


def logo_url(partner) -> str:
    return f"/webinars/{partner.webinar.slug}/partners/{partner.id}/logo/{partner.logo_hash}"


def upload_cover(client, webinar, data: bytes, **fields):
    return client.post(
        f"/manage/webinars/{webinar.id}/cover?lang=en", **in_memory_upload({"cover": (BytesIO(data), "cover.png"), **fields})
    )


# --- cover --------------------------------------------------------------------------


def test_organizer_uploads_a_cover_that_the_page_shows_and_serves_for_a_year(client, organizer, clock):
    webinar = published(organizer.organization)

    response = upload_cover(client, webinar, image_bytes("PNG", (3200, 1800)))

    assert response.status_code == 302
    db.session.refresh(webinar)
    assert webinar.has_cover
    html = page(client, webinar)
    assert f'src="{cover_url(webinar)}"' in html and "with-banner" not in html
    served = client.get(cover_url(webinar))
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert Image.open(BytesIO(served.data)).size == (1600, 900)
    assert "max-age=31536000" in served.headers["Cache-Control"]
    # an old address (another hash) is gone
    assert client.get(f"/webinars/{webinar.slug}/cover/{'0' * 64}").status_code == 404
    # the preview shows the cover
    assert meta(html, "og:image") == "http://localhost" + cover_url(webinar)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (png_declaring(20_000, 20_000), "This image has too many pixels (more than 40 megapixels)"),
        (b"GIF89a not really", "This file is not a readable image"),
        (image_bytes("GIF"), "This image format is not accepted"),
    ],
)
def test_a_bad_cover_gets_a_message_on_the_form_and_changes_nothing(client, organizer, clock, data, message):
    webinar = published(organizer.organization)

    response = upload_cover(client, webinar, data)

    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    db.session.refresh(webinar)
    assert not webinar.has_cover


def test_the_cover_messages_are_in_french_on_a_french_page(client, organizer, clock):
    webinar = published(organizer.organization)

    response = client.post(
        f"/manage/webinars/{webinar.id}/cover?lang=fr",
        **in_memory_upload({"cover": (BytesIO(png_declaring(20_000, 20_000)), "bomb.png")}),
    )

    assert "Cette image a trop de pixels" in response.get_data(as_text=True)


def test_removing_the_cover_brings_back_the_banner(client, organizer, clock):
    webinar = published(organizer.organization)
    upload_cover(client, webinar, image_bytes("PNG", (800, 450)))

    response = client.post(f"/manage/webinars/{webinar.id}/cover", data={"remove_cover": "y"})

    assert response.status_code == 302
    db.session.refresh(webinar)
    assert not webinar.has_cover
    assert 'class="webinar-hero with-banner"' in page(client, webinar)


def test_a_drafts_cover_is_for_its_members_only(client, organizer, clock):
    webinar = factories.make_publishable_webinar(organizer.organization)
    upload_cover(client, webinar, image_bytes("PNG", (800, 450)))
    db.session.refresh(webinar)
    url = cover_url(webinar)

    as_member = client.get(url)
    client.post("/logout")
    as_visitor = client.get(url)

    assert as_member.status_code == 200 and as_member.headers["Cache-Control"].startswith("private")
    assert as_visitor.status_code == 404


def test_another_organization_cannot_set_the_cover(client, organizer, clock):
    other = published(factories.make_organization("Other"))

    assert upload_cover(client, other, image_bytes("PNG", (800, 450))).status_code == 404


def test_without_a_cover_the_page_shows_a_banner_with_the_title(client, clock):
    webinar = published()

    html = page(client, webinar)

    assert 'class="webinar-hero with-banner"' in html
    assert "<h1 lang=\"fr\">Offshoring after Covid</h1>" in html


# --- people, partners, seats ------------------------------------------------------------


def test_speakers_bios_are_expandable_in_the_visitors_language(client, clock):
    webinar = published()
    person = webinar.participations[1].person
    person.bio, person.bio_en = "Expert de l'offshoring depuis 2005.", "Offshoring expert since 2005."
    db.session.commit()

    english, french = page(client, webinar, "en"), page(client, webinar, "fr")

    assert '<details class="bio">' in english
    assert '<p class="bio-text" lang="en">Offshoring expert since 2005.</p>' in english
    assert '<p class="bio-text" lang="fr">Expert de l&#39;offshoring depuis 2005.</p>' in french
    assert "Biographie" in french


def test_a_bio_in_one_language_only_is_shown_in_both(client, clock):
    webinar = published()
    webinar.participations[0].person.bio = "Modérateur chevronné."
    db.session.commit()

    assert '<p class="bio-text" lang="fr">Modérateur chevronné.</p>' in page(client, webinar, "en")


def test_partner_with_a_logo_shows_it_named_by_its_alt_text(client, organizer, clock):
    webinar = published(organizer.organization)
    logo = image_bytes("PNG", (600, 200), color=(0, 0, 0, 0), mode="RGBA")

    response = client.post(
        f"/manage/webinars/{webinar.id}/partners",
        **in_memory_upload({"name": "CRI Fès-Meknès", "website": "https://cri.example.ma", "logo": (BytesIO(logo), "logo.png")}),
    )

    assert response.status_code == 302
    partner = webinar.partners[0]
    db.session.refresh(partner)
    html = page(client, webinar)
    assert f'<a href="https://cri.example.ma" rel="noopener"><img src="{logo_url(partner)}" alt="CRI Fès-Meknès"' in html
    served = client.get(logo_url(partner))
    assert served.mimetype == "image/png" and Image.open(BytesIO(served.data)).size == (480, 160)


@pytest.mark.parametrize(
    "upload, message",
    [
        ((BytesIO(b"GIF89a not really"), "logo.gif"), "This file is not a readable image. Please send a PNG, JPEG or WebP logo."),
        # Named, as for the organization's logo: the organizer can export a PNG.
        ((BytesIO(b"<svg/>"), "logo.svg"), "SVG logos are not accepted"),
    ],
)
def test_a_partner_logo_that_is_not_an_image_gets_a_message(client, organizer, clock, upload, message):
    webinar = published(organizer.organization)

    response = client.post(
        f"/manage/webinars/{webinar.id}/partners?lang=en",
        **in_memory_upload({"name": "CRI", "logo": upload}),
    )

    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert webinar.partners == []


def test_seats_left_are_counted_in_both_languages(client, clock):
    webinar = published(capacity=14)
    factories.make_registration(webinar)
    factories.make_registration(webinar)

    assert "12 places left" in page(client, webinar, "en")
    assert "12 places restantes" in page(client, webinar, "fr")


def test_one_seat_left_is_singular(client, clock):
    webinar = published(capacity=1)

    assert "1 place restante" in page(client, webinar, "fr")


def test_a_full_webinar_says_its_waitlist_is_open(client, clock):
    webinar = published(capacity=1)
    factories.make_registration(webinar)

    assert "Complet, liste d'attente ouverte" in page(client, webinar, "fr")
    assert "Full, waitlist open" in page(client, webinar, "en")


def test_no_seat_count_without_a_capacity(client, clock):
    assert "places left" not in page(client, published())


# --- sharing -------------------------------------------------------------------------


def test_share_links_need_no_third_party_script(client, clock):
    webinar = published()

    html = page(client, webinar)

    url = f"http%3A%2F%2Flocalhost%2Fwebinars%2F{webinar.slug}"
    assert f"https://www.linkedin.com/sharing/share-offsite/?url={url}" in html
    assert f"https://x.com/intent/post?url={url}" in html
    assert f"https://www.facebook.com/sharer/sharer.php?u={url}" in html
    assert "https://wa.me/?text=" in html
    assert 'href="mailto:?subject=' in html
    assert "data-copy-link" in html
    scripts = re.findall(r'<script[^>]* src="([^"]+)"', html)
    assert scripts and all(src.startswith("/static/") for src in scripts)


def test_qr_code_of_the_page_as_svg_and_png(client, clock):
    webinar = published()

    svg = client.get(f"/webinars/{webinar.slug}/qr.svg")
    png = client.get(f"/webinars/{webinar.slug}/qr.png?download=1")

    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
    assert png.mimetype == "image/png" and Image.open(BytesIO(png.data)).format == "PNG"
    assert png.headers["Content-Disposition"] == f'attachment; filename="{webinar.slug}-qr.png"'
    import zxingcpp

    decoded = zxingcpp.read_barcodes(Image.open(BytesIO(png.data)))
    assert [code.text for code in decoded] == [f"http://localhost/webinars/{webinar.slug}"]


def test_a_drafts_qr_code_is_not_public(client, clock):
    webinar = factories.make_publishable_webinar(factories.make_organization())

    assert client.get(f"/webinars/{webinar.slug}/qr.svg").status_code == 404


def test_open_graph_and_twitter_tags_point_to_a_generated_picture_without_cover(client, clock):
    webinar = published(subtitle="Meilleure réponse aux opportunités post-Covid")

    html = page(client, webinar)

    assert meta(html, "og:title") == "Offshoring after Covid"
    assert meta(html, "og:description") == "Meilleure réponse aux opportunités post-Covid"
    assert meta(html, "og:url") == f"http://localhost/webinars/{webinar.slug}"
    assert meta(html, "twitter:card") == "summary_large_image"
    image_url = meta(html, "og:image")
    assert image_url.startswith(f"http://localhost/webinars/{webinar.slug}/share/")
    picture = client.get(image_url.removeprefix("http://localhost"))
    assert picture.status_code == 200 and Image.open(BytesIO(picture.data)).size == (1200, 630)
    assert "immutable" in picture.headers["Cache-Control"]


def test_the_share_picture_changes_when_the_webinar_does(client, clock):
    webinar = published()
    before = meta(page(client, webinar), "og:image")
    client.get(before.removeprefix("http://localhost"))

    webinar.title = "A new title"
    db.session.commit()
    after = meta(page(client, webinar), "og:image")

    assert after != before
    assert client.get(before.removeprefix("http://localhost")).status_code == 404  # the old version is gone
    assert client.get(after.removeprefix("http://localhost")).status_code == 200


def test_the_share_picture_is_drawn_once_per_version(client, clock, monkeypatch):
    from webinars.sharing import routes

    webinar = published()
    url = meta(page(client, webinar), "og:image").removeprefix("http://localhost")
    drawn = []
    original = routes.draw_share_image
    monkeypatch.setattr(routes, "draw_share_image", lambda *args: drawn.append(1) or original(*args))

    first, second = client.get(url), client.get(url)

    assert first.data == second.data and len(drawn) == 1


def test_event_json_ld_for_search_engines(client, clock):
    webinar = published(capacity=100, timezone="Europe/Paris")

    document = json_ld(page(client, webinar))

    assert document["@type"] == "Event"
    assert document["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert document["eventStatus"] == "https://schema.org/EventScheduled"
    local_start = webinar.starts_at_local
    assert document["startDate"] == local_start.isoformat() and document["startDate"].endswith("+01:00")
    assert document["endDate"].endswith("+01:00")
    assert document["organizer"]["name"] == "APEBI — Pôle Offshoring"
    assert [p["name"] for p in document["performer"]] == ["Mohamed Benabbou", "Yassine Tazi"]
    assert document["offers"]["availability"] == "https://schema.org/InStock"
    assert document["location"]["@type"] == "VirtualLocation"


def test_json_ld_says_sold_out_and_cancelled(client, clock):
    full = published(capacity=1, waitlist_enabled=False)
    factories.make_registration(full)
    cancelled = published()
    cancelled.status = WebinarStatus.CANCELLED
    db.session.commit()

    assert json_ld(page(client, full))["offers"]["availability"] == "https://schema.org/SoldOut"
    assert json_ld(page(client, cancelled))["eventStatus"] == "https://schema.org/EventCancelled"


def test_a_title_cannot_break_out_of_the_json_ld(client, clock):
    webinar = published(title="</script><script>alert(1)</script>")

    html = page(client, webinar)

    assert json_ld(html)["name"] == "</script><script>alert(1)</script>"
    assert "<script>alert(1)" not in html


def test_a_draft_preview_has_no_json_ld(client, organizer, clock):
    webinar = factories.make_publishable_webinar(organizer.organization)

    assert "application/ld+json" not in page(client, webinar)


def test_an_existing_partner_gets_a_logo_then_loses_it(client, organizer, clock):
    webinar = published(organizer.organization)
    partner = factories.make_partner(webinar, "CRI Fès-Meknès")
    logo = image_bytes("PNG", (300, 100))
    prefix = f"partner-{partner.id}"

    added = client.post(
        f"/manage/webinars/{webinar.id}/partners/{partner.id}/logo",
        **in_memory_upload({f"{prefix}-logo": (BytesIO(logo), "logo.png")}),
    )
    db.session.refresh(partner)
    url = logo_url(partner)
    shown = page(client, webinar)
    removed = client.post(f"/manage/webinars/{webinar.id}/partners/{partner.id}/logo", data={f"{prefix}-remove_logo": "y"})

    assert added.status_code == 302, added.get_data(as_text=True)
    assert added.headers["Location"].endswith(f"/manage/webinars/{webinar.id}/partners"), added.headers["Location"]
    assert f'<img src="{url}" alt="CRI Fès-Meknès"' in shown
    assert removed.status_code == 302
    db.session.refresh(partner)
    assert partner.logo_hash is None


def test_a_bad_logo_for_an_existing_partner_is_explained_on_the_partners_page(client, organizer, clock):
    webinar = published(organizer.organization)
    partner = factories.make_partner(webinar, "CRI")
    prefix = f"partner-{partner.id}"

    response = client.post(
        f"/manage/webinars/{webinar.id}/partners/{partner.id}/logo?lang=fr",
        **in_memory_upload({f"{prefix}-logo": (BytesIO(png_declaring(20_000, 20_000)), "bomb.png")}),
    )

    assert response.status_code == 422
    assert "Cette image a trop de pixels" in response.get_data(as_text=True)


def test_another_organizations_partner_logo_cannot_be_changed(client, organizer, clock):
    other = published(factories.make_organization("Other"))
    partner = factories.make_partner(other)

    response = client.post(
        f"/manage/webinars/{other.id}/partners/{partner.id}/logo",
        **in_memory_upload({f"partner-{partner.id}-logo": (BytesIO(image_bytes("PNG")), "logo.png")}),
    )

    assert response.status_code == 404


def test_phones_get_a_lighter_cover(client, organizer, clock):
    webinar = published(organizer.organization)
    upload_cover(client, webinar, image_bytes("PNG", (3200, 1800)))
    db.session.refresh(webinar)

    html = page(client, webinar)
    small_url = f"/webinars/{webinar.slug}/cover/{webinar.cover_hash}/small"
    first, again = client.get(small_url), client.get(small_url)

    assert f'srcset="{small_url} 800w, {cover_url(webinar)} 1600w"' in html
    assert first.status_code == 200 and Image.open(BytesIO(first.data)).size == (800, 450)
    assert again.data == first.data
    assert client.get(f"/webinars/{webinar.slug}/cover/{'0' * 64}/small").status_code == 404


def test_a_duplicated_webinar_keeps_the_cover_and_the_partner_logos(client, organizer, clock):
    from sqlalchemy import select

    webinar = published(organizer.organization)
    upload_cover(client, webinar, image_bytes("PNG", (800, 450)))
    client.post(
        f"/manage/webinars/{webinar.id}/partners",
        **in_memory_upload({"name": "CRI", "logo": (BytesIO(image_bytes("PNG", (200, 100))), "logo.png")}),
    )
    db.session.refresh(webinar)

    client.post(f"/manage/webinars/{webinar.id}/duplicate")

    db.session.expire_all()
    copy = db.session.scalar(select(Webinar).where(Webinar.id != webinar.id))
    assert copy.cover_hash == webinar.cover_hash and copy.cover == webinar.cover
    assert [p.logo_hash for p in copy.partners] == [p.logo_hash for p in webinar.partners] != [None]


def test_the_share_picture_shows_the_speakers_photos(client, clock):
    webinar = published()
    for participation in webinar.participations:
        participation.person.photo = image_bytes("JPEG", (256, 256), color=(250, 200, 0))
        participation.person.photo_content_type = "image/jpeg"
        participation.person.photo_hash = f"photo{participation.person.id}"
    db.session.commit()

    picture = client.get(meta(page(client, webinar), "og:image").removeprefix("http://localhost"))

    assert picture.status_code == 200
    image = Image.open(BytesIO(picture.data)).convert("RGB")
    pixels = image.tobytes()
    yellowish = sum(
        1 for i in range(0, len(pixels), 3) if pixels[i] > 230 and 180 < pixels[i + 1] < 220 and pixels[i + 2] < 30
    )
    assert yellowish > 1000  # the photos are drawn on the card
