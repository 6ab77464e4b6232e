"""PLACEHOLDER (being written): public pages."""
from flask import Blueprint, abort

bp = Blueprint("public", __name__)


@bp.route("/")
def index():
    return "Webinars"


@bp.route("/webinars/<slug>")
def webinar(slug):
    abort(501)
