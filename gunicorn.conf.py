"""Gunicorn settings for production: ``gunicorn wsgi:app`` reads this file.

Every value can be overridden on the command line or with GUNICORN_CMD_ARGS.
"""

import multiprocessing
import os

bind = os.environ.get("WEBINARS_BIND", "127.0.0.1:8000")

# Threads serve requests that wait on the database; processes use the cores.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("WEBINARS_THREADS", "4"))

# Streamed CSV exports of 100,000 registrations take a while: the timeout
# only kills a worker that stopped answering its heartbeat, not a slow stream.
timeout = 120
graceful_timeout = 30
keepalive = 5

# Recycle workers now and then so a slow leak never grows unbounded. Not too often: starting a
# worker costs about 2.5 s of CPU (imports, WeasyPrint), and a worker serving kept public pages
# answers 10,000 requests in under 20 seconds (make bench).
max_requests = 100_000
max_requests_jitter = 10_000

accesslog = "-"
errorlog = "-"
# Client, time, request, status, bytes, duration in microseconds, referrer, user agent.
access_log_format = '%({x-forwarded-for}i)s %(h)s %(t)s "%(r)s" %(s)s %(B)s %(D)sus "%(f)s" "%(a)s"'

# Each worker builds its own app: database and queue connections are never
# shared across a fork.
preload_app = False


def on_starting(server):
    """Each server its own control socket (``gunicornc``), named after the addresses it binds.

    Gunicorn's default is one path per user ($XDG_RUNTIME_DIR/gunicorn.ctl): a second server on the
    machine would take it over, and stopping either would remove it. ``--control-socket PATH`` still
    chooses it, and ``--no-control-socket`` turns it off.
    """
    import hashlib
    import re

    setting = server.cfg.settings["control_socket"]
    if setting.value != setting.default:
        return
    addresses = "_".join(re.sub(r"[^A-Za-z0-9.]+", "-", address) for address in server.cfg.bind)
    name = f"gunicorn-{addresses}.ctl"
    if len(name) > 60:  # a Unix socket's path is short (108 bytes)
        name = f"gunicorn-{hashlib.sha256(addresses.encode()).hexdigest()[:16]}.ctl"
    server.cfg.set("control_socket", os.path.join(os.path.dirname(setting.default), name))


def post_worker_init(worker):
    """Leave the app's own objects out of the garbage collector's passes.

    A worker holds some 270,000 objects once the app is built (modules, mappers, templates, the
    country lists); each of Python's full collections walked all of them, a share of every
    request's CPU (issue 20: about a fifth of a rendered page). They live as long as the worker, so
    ``gc.freeze()`` moves them out of the collector's reach; what requests allocate is still
    collected as before.
    """
    import gc

    gc.freeze()
