"""WSGI entry point: ``gunicorn wsgi:app``.

Settings come from ``WEBINARS_*`` environment variables; a ``.env`` file
beside this one is read too (the ``webinars`` command does the same).
"""

from dotenv import load_dotenv

from webinars import create_app

load_dotenv()
app = create_app()
