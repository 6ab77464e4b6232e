"""Public files of a webinar's page: its cover, its partners' logos, its QR codes, its share picture.

Images are served like people's photos: their address holds a hash of what they show, so they
are cached for a year; a draft's are seen only by its organization's members and never land in
shared caches.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from flask import Blueprint, abort, current_app, make_response, request
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload, undefer

from webinars.accounts.service import membership_of
from webinars.events.images import COVER_SMALL_WIDTH, smaller_cover
from webinars.events.models import Webinar, WebinarPartner
from webinars.extensions import db
from webinars.public.service import is_announced, lineup
from webinars.sharing import service
from webinars.sharing.share_image import draw_share_image, share_image_key
from webinars.people.models import Participation

bp = Blueprint("sharing", __name__)

IMAGE_MAX_AGE = 365 * 24 * 3600  # the address changes with the image
QR_MAX_AGE = 24 * 3600  # the page's address could change with the base URL: a day


def _webinar_or_404(slug: str, *options) -> tuple[Webinar, bool]:
    """The webinar, and whether its files are public (announced) or for its members only."""
    webinar = db.session.scalar(select(Webinar).where(Webinar.slug == slug).options(*options))
    if webinar is None:
        abort(404)
    public = is_announced(webinar)
    if not public and not (
        current_user.is_authenticated and membership_of(current_user, webinar.organization_id) is not None
    ):
        abort(404)
    return webinar, public


def _file(content: bytes, content_type: str, public: bool, max_age: int, etag: str | None = None):
    response = make_response(content)
    response.headers["Content-Type"] = content_type
    visibility = "public" if public else "private"
    immutable = ", immutable" if max_age == IMAGE_MAX_AGE else ""
    response.headers["Cache-Control"] = f"{visibility}, max-age={max_age}{immutable}"
    if etag:
        response.set_etag(etag)
        return response.make_conditional(request)
    return response


@bp.get("/webinars/<slug>/cover/<cover_hash>")
def cover(slug: str, cover_hash: str):
    webinar, public = _webinar_or_404(slug, undefer(Webinar.cover))
    if webinar.cover is None or webinar.cover_hash != cover_hash:
        abort(404)
    return _file(webinar.cover, webinar.cover_content_type, public, IMAGE_MAX_AGE, webinar.cover_hash)


@bp.get("/webinars/<slug>/cover/<cover_hash>/small")
def cover_small(slug: str, cover_hash: str):
    """The cover for phones: made from the stored one when first asked for, then kept on disk."""
    webinar, public = _webinar_or_404(slug)
    if webinar.cover_hash != cover_hash:
        abort(404)
    folder = Path(current_app.instance_path) / "cover-sizes"
    path = folder / f"{cover_hash}-{COVER_SMALL_WIDTH}.jpg"
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        stored = db.session.scalar(select(Webinar.cover).where(Webinar.id == webinar.id))
        if stored is None:
            abort(404)
        content = smaller_cover(stored, COVER_SMALL_WIDTH)
        _write_atomically(folder, path, content)
    return _file(content, "image/jpeg", public, IMAGE_MAX_AGE, f"{cover_hash}-{COVER_SMALL_WIDTH}")


@bp.get("/webinars/<slug>/partners/<int:partner_id>/logo/<logo_hash>")
def partner_logo(slug: str, partner_id: int, logo_hash: str):
    webinar, public = _webinar_or_404(slug)
    partner = db.session.scalar(
        select(WebinarPartner)
        .where(WebinarPartner.id == partner_id, WebinarPartner.webinar_id == webinar.id)
        .options(undefer(WebinarPartner.logo))
    )
    if partner is None or partner.logo is None or partner.logo_hash != logo_hash:
        abort(404)
    return _file(partner.logo, partner.logo_content_type, public, IMAGE_MAX_AGE, partner.logo_hash)


@bp.get("/webinars/<slug>/qr.<any(svg, png):kind>")
def qr_code(slug: str, kind: str):
    """The page's address as a QR code, for slides and flyers."""
    webinar, public = _webinar_or_404(slug)
    url = service.page_url_of(webinar)
    if kind == "svg":
        response = _file(service.qr_svg(url), "image/svg+xml", public, QR_MAX_AGE)
    else:
        response = _file(service.qr_png(url), "image/png", public, QR_MAX_AGE)
    if request.args.get("download"):
        response.headers["Content-Disposition"] = f'attachment; filename="{webinar.slug}-qr.{kind}"'
    return response


@bp.get("/webinars/<slug>/share/<key>.png")
def share_image(slug: str, key: str):
    """The link-preview picture of a webinar without a cover: drawn once per version and kept
    on disk (``instance/share-images``), keyed by a hash of everything it shows."""
    webinar, public = _webinar_or_404(
        slug,
        selectinload(Webinar.organization),
        selectinload(Webinar.participations).selectinload(Participation.person),
    )
    card = service.share_card(webinar, lineup(webinar))
    if share_image_key(card) != key:
        abort(404)  # an old version: the page links to the current one
    folder = Path(current_app.instance_path) / "share-images"
    path = folder / f"{key}.png"
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        content = draw_share_image(
            card, service.photos_of(card, webinar.organization_id), service.logo_of(card, webinar.organization_id)
        )
        _write_atomically(folder, path, content)
    return _file(content, "image/png", public, IMAGE_MAX_AGE, key)


def _write_atomically(folder: Path, path: Path, content: bytes) -> None:
    """Other processes see the whole file or none (they draw it themselves meanwhile)."""
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(handle, "wb") as file:
        file.write(content)
    os.replace(temporary, path)
