"""The repository's gunicorn.conf.py, unchanged but for the access log.

Both the app and the ceiling app run with these settings, so their ratio compares
the applications, not the servers. The access log is off: writing a line per
request costs a visible share at thousands of requests per second, and a
production setup usually leaves it to the reverse proxy.
"""

import runpy
from pathlib import Path

_settings = runpy.run_path(str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py"))
globals().update({name: value for name, value in _settings.items() if not name.startswith("_")})

accesslog = None
