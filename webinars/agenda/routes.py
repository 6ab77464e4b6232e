"""PLACEHOLDER (being written): a webinar's agenda."""
from flask import Blueprint, abort

bp = Blueprint("agenda", __name__)


@bp.route("/manage/webinars/<int:webinar_id>/agenda", methods=["GET", "POST"])
def index(webinar_id):
    abort(501)
