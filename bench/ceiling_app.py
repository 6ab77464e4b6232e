"""The practical ceiling: a Flask app that answers every request with a fixed string.

Served by the same gunicorn settings as the real app in the same run, its
requests/s is what this machine, this server and the load generator allow at
best; every figure of the app is also given as a share of it.
"""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def fixed_string():
    return "Webinars bench: the ceiling answers with this fixed string.\n"
