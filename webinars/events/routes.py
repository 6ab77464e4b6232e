"""PLACEHOLDER (being written): organizer pages for webinars."""
from flask import Blueprint, abort

bp = Blueprint("events", __name__)


@bp.route("/manage/<org_slug>/webinars")
def dashboard(org_slug):
    abort(501)


@bp.route("/manage/<org_slug>/webinars/new", methods=["GET", "POST"])
def create(org_slug):
    abort(501)


@bp.route("/manage/webinars/<int:webinar_id>")
def detail(webinar_id):
    abort(501)


@bp.route("/manage/webinars/<int:webinar_id>/edit", methods=["GET", "POST"])
def edit(webinar_id):
    abort(501)
