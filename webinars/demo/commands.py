"""PLACEHOLDER (being written): the demo data command."""
from flask import Blueprint

bp = Blueprint("demo", __name__, cli_group=None)
