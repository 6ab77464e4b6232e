"""WSGI entry point: ``gunicorn wsgi:app``."""

from webinars import create_app

app = create_app()
