"""PLACEHOLDER (being written): people library, photos and a webinar's line-up."""
from flask import Blueprint, abort

bp = Blueprint("people", __name__)


@bp.route("/manage/<org_slug>/people")
def index(org_slug):
    abort(501)


@bp.route("/manage/webinars/<int:webinar_id>/people", methods=["GET", "POST"])
def lineup(webinar_id):
    abort(501)


@bp.route("/people/<int:person_id>/photo/<photo_hash>")
def photo(person_id, photo_hash):
    abort(501)
