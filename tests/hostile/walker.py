"""The walk: every rule of ``app.url_map``, its pages read for their forms, every field posted with
hostile values (tests/hostile/values.py), hostile query strings on every GET route.

A failure is a 5xx (or an exception the app let through) or a form refused while rows were
added or removed (a half-saved change). Each is kept with the route, the field, the value and the
traceback, and the test prints them all at the end.
"""

from __future__ import annotations

import sys
import time
import traceback
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from io import BytesIO
from urllib.parse import quote, urlencode, urlsplit

from pypdf import PdfWriter
from sqlalchemy import text
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.routing import UnicodeConverter

from tests.hostile import values as hostile
from tests.people.images import image_bytes
from tests.registration.fixtures.registrants import report
from tests.hostile.dataset import ORGANIZER_EMAIL, ORGANIZER_PASSWORD
from webinars import clock
from webinars.extensions import db

# Rules whose pages and actions need the organizer signed in; the others are walked anonymously.
ORGANIZER_PREFIXES = ("/manage", "/account", "/logout")
FORM_ERROR_STATUSES = (200, 400, 422)
# Pages whose 200 answers a POST that succeeded (their refusals are 422): the API token is shown once,
# on the answer to its creation, never kept in a session for a redirect.
SUCCEEDS_WITH_200 = ("/api-tokens",)


# --- Reading forms -------------------------------------------------------------------------


@dataclass
class FormField:
    name: str
    kind: str  # an <input> type, or "textarea", "select", "submit"
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    required: bool = False


@dataclass
class PageForm:
    page: str  # the page it was read from
    action: str
    method: str
    multipart: bool
    fields: dict[str, FormField] = field(default_factory=dict)

    def add(self, name: str, kind: str, value: str = "", *, checked: bool = False, required: bool = False) -> FormField:
        existing = self.fields.get(name)
        if existing is None:
            existing = self.fields[name] = FormField(name, kind, value if kind not in ("checkbox", "radio", "submit") else "")
        if kind in ("checkbox", "radio", "submit"):
            existing.options.append(value)
            if checked:
                existing.checked.append(value)
        existing.required = existing.required or required
        return existing


class FormReader(HTMLParser):
    """The forms of a page: their action, method, encoding and named fields with their current values."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[PageForm] = []
        self._form: PageForm | None = None
        self._textarea: FormField | None = None
        self._select: FormField | None = None
        self._option: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: (value if value is not None else "") for name, value in attrs}
        if tag == "form":
            self._form = PageForm(
                page=self.page,
                action=attributes.get("action") or self.page,
                method=attributes.get("method", "get").lower(),
                multipart="multipart" in attributes.get("enctype", ""),
            )
            self.forms.append(self._form)
            return
        if tag == "option" and self._select is not None:
            self._option = {"value": attributes.get("value"), "selected": "selected" in attributes, "text": ""}
            return
        form, name = self._form, attributes.get("name")
        if form is None or not name:
            return
        required = "required" in attributes
        if tag == "input":
            kind = attributes.get("type", "text").lower()
            if kind in ("image", "reset", "button"):
                return
            if kind == "file":
                form.multipart = True
            form.add(name, kind, attributes.get("value", "on" if kind == "checkbox" else ""),
                     checked="checked" in attributes, required=required)
        elif tag == "button" and attributes.get("type", "submit") == "submit":
            form.add(name, "submit", attributes.get("value", ""))
        elif tag == "textarea":
            self._textarea = form.add(name, "textarea", "", required=required)
        elif tag == "select":
            self._select = form.add(name, "select", "", required=required)
            self._select.options, self._select.checked = [], []

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data
        if self._option is not None:
            self._option["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "option" and self._option is not None:
            self._close_option()
        elif tag == "select":
            if self._option is not None:
                self._close_option()
            self._select = None

    def _close_option(self):
        option, self._option = self._option, None
        value = option["value"] if option["value"] is not None else option["text"].strip()
        self._select.options.append(value)
        if option["selected"]:
            self._select.checked.append(value)


def forms_of(page: str, html: str) -> list[PageForm]:
    reader = FormReader(page)
    reader.feed(html)
    return reader.forms


def csrf_token_of(html: str) -> str | None:
    for form in forms_of("/", html):
        if "csrf_token" in form.fields:
            return form.fields["csrf_token"].value
    return None


# --- Valid values (the baseline each hostile value is tried against) -------------------------


# Values for fields a generic value would not pass, by field name (without a form's prefix).
FILL_BY_NAME = {
    "end_time": "12:00",  # after the start (10:00)
    "registration_opens_at": "",  # optional, and they must come in order
    "registration_closes_at": "",
    "ends_at": "",  # the agenda takes a duration or an end, not both
    "timestamp": "1:02:03",
    "amount": "",  # reminder rows: an empty row is left out (filled ones come from the page)
}


def _one_page_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF_FILE = _one_page_pdf()
REPORT_FILE = report("zoom_participants.csv")


def file_for(name: str) -> tuple[BytesIO, str]:
    """A file of the kind the field asks for (a new stream for each request)."""
    if "photo" in name:
        return BytesIO(image_bytes("JPEG", size=(64, 64))), "photo.jpg"
    if "report" in name:
        return BytesIO(REPORT_FILE), "rapport.csv"
    return BytesIO(PDF_FILE), "document.pdf"


class Filler:
    """A valid-looking value for each field the page left empty, unique where it must be (e-mails)."""

    def __init__(self):
        self.counter = 0

    def baseline(self, form: PageForm) -> list[tuple[str, object]]:
        self.counter += 1
        pairs: list[tuple[str, object]] = []
        for name, form_field in form.fields.items():
            for value in self.values(form_field):
                pairs.append((name, value))
        return pairs

    def values(self, form_field: FormField) -> list[object]:
        kind, name = form_field.kind, form_field.name.lower()
        bare_name = name.rsplit("-", 1)[-1]
        if kind in ("checkbox",):
            confirms = form_field.required or bare_name in ("confirm", "consent", "consent_obtained")
            return form_field.checked or (form_field.options[:1] if confirms else [])
        if kind in ("radio", "select"):
            chosen = form_field.checked or [option for option in form_field.options if option][:1]
            return chosen or form_field.options[:1]
        if kind == "submit":
            return form_field.options[:1]
        if kind == "file":
            return [file_for(bare_name)]
        if bare_name in FILL_BY_NAME and not form_field.value.strip():
            return [FILL_BY_NAME[bare_name]]
        if form_field.value.strip():
            return [form_field.value]
        if kind == "hidden":
            return [form_field.value]
        if kind == "password":
            return [ORGANIZER_PASSWORD]
        return [self.text_for(kind, name)]

    def text_for(self, kind: str, name: str) -> str:
        in_a_month = clock.now().date() + timedelta(days=30)
        if kind == "email" or "email" in name:
            return f"walker{self.counter}@example.org"
        if kind == "url" or any(word in name for word in ("url", "website", "link")):
            return "https://example.org/page"
        if kind == "number" or any(word in name for word in ("minutes", "capacity", "duration", "second", "number")):
            return "10"
        if kind == "date":
            return in_a_month.isoformat()
        if kind == "datetime-local":
            return f"{in_a_month.isoformat()}T10:00"
        if kind == "time":
            return "10:00"
        if "zone" in name:
            return "Africa/Casablanca"
        if kind == "tel" or "phone" in name:
            return "+212 600 000 000"
        if kind == "textarea":
            return "Un texte de test.\nSur deux lignes."
        return "Texte de test"


# --- The walk ------------------------------------------------------------------------------


@dataclass
class Failure:
    method: str
    path: str
    what: str  # the field and the value, or the query string
    status: int | None
    details: str

    def __str__(self) -> str:
        return f"{self.method} {self.path} [{self.what}] -> {self.status}\n{self.details}"


def describe(value) -> str:
    if isinstance(value, hostile.Several):
        return f"list {list(value)!r}"
    shown = repr(value)
    return shown if len(shown) <= 40 else f"{shown[:30]}... ({len(value)} characters)"


def app_traceback() -> str:
    """The exception's frames in the app's own code, and the exception."""
    kind, error, trace = sys.exc_info()
    frames = [frame for frame in traceback.extract_tb(trace) if "/webinars/" in frame.filename and "site-packages" not in frame.filename]
    lines = traceback.format_list(frames[-8:])
    return "".join(lines) + f"{kind.__name__}: {str(error)[:400]}"


def row_counts() -> tuple:
    """The number of rows of every table, in one statement."""
    tables = [table.name for table in db.metadata.sorted_tables]
    counts = ", ".join(f"(SELECT count(*) FROM {name})" for name in tables)
    row = db.session.execute(text(f"SELECT {counts}")).one()
    db.session.commit()  # a new snapshot on PostgreSQL's next statement
    return tuple(zip(tables, row))


class Walker:
    def __init__(self, app, dataset, *, check_rows: bool = True):
        self.app = app
        self.dataset = dataset
        self.check_rows = check_rows
        self.failures: list[Failure] = []
        self.refused_baselines: list[str] = []  # forms whose valid-looking values were refused: walked less deep
        self.not_reached: list[str] = []  # GET pages that did not answer 2xx or 3xx
        self.forms: dict[str, list[PageForm]] = {}  # by the endpoint their action posts to
        self.requests = 0
        self.timings: list[tuple[float, int, str]] = []
        self.filler = Filler()
        self.adapter = app.url_map.bind("localhost")
        self._organizer = None

    # Clients: the organizer's, kept signed in; a new anonymous one for each public rule.

    def client_for(self, rule):
        if not rule.rule.startswith(ORGANIZER_PREFIXES):
            return self.app.test_client()
        if self._organizer is None or self._signed_out(self._organizer):
            self._organizer = self.app.test_client()
            page = self._organizer.get("/login")
            response = self._organizer.post(
                "/login",
                data={"email": ORGANIZER_EMAIL, "password": ORGANIZER_PASSWORD, "csrf_token": csrf_token_of(page.get_data(as_text=True))},
            )
            assert response.status_code == 302, f"the organizer could not sign in: {response.status_code}"
        return self._organizer

    @staticmethod
    def _signed_out(client) -> bool:
        response = client.get("/manage/")
        return response.status_code == 302 and "/login" in response.headers.get("Location", "")

    # One request, with its failure recorded.

    def send(self, client, method: str, path: str, what: str, *, snapshot: bool = False, **options):
        before = row_counts() if snapshot and self.check_rows else None
        self.requests += 1
        try:
            response = client.open(path, method=method, **options)
            body = response.get_data().decode("utf-8", "replace")  # a streamed response (CSV) ends its request here
            response.close()
        except Exception:  # the app let it through: a 500 in production
            db.session.rollback()
            self.failures.append(Failure(method, path, what, None, app_traceback()))
            return None
        if response.status_code >= 500:
            self.failures.append(Failure(method, path, what, response.status_code, body[:500]))
        elif (
            before is not None
            and response.status_code in FORM_ERROR_STATUSES
            and not (response.status_code == 200 and path.endswith(SUCCEEDS_WITH_200))
        ):
            after = row_counts()
            if after != before:
                changed = [(name, was, now) for (name, was), (_, now) in zip(before, after) if was != now]
                self.failures.append(
                    Failure(method, path, what, response.status_code, f"refused, yet rows changed: {changed}")
                )
        return response

    # GET: the page, its forms, hostile query strings.

    def walk_get(self, rule, path: str) -> None:
        client = self.client_for(rule)
        response = self.send(client, "GET", path, "no query string")
        if response is None:
            return
        if response.status_code >= 400:
            self.not_reached.append(f"GET {path} -> {response.status_code}")
        elif response.mimetype == "text/html":
            for form in self.read_forms(path, response.get_data(as_text=True)):
                self.walk_query_form(client, form)
        is_a_page = response.mimetype == "text/html" or response.status_code >= 300
        for value in hostile.QUERY_VALUES if is_a_page else hostile.FILE_QUERY_VALUES:
            query = self.query_string(value)
            self.send(client, "GET", f"{path}?{query}", f"?{describe(value)} for every argument")
        self.send(client, "GET", f"{path}?{hostile.INVALID_UTF8_QUERY}", "query string not UTF-8")

    @staticmethod
    def query_string(value) -> str:
        pairs = []
        for name in hostile.QUERY_ARGUMENTS:
            for one in value if isinstance(value, hostile.Several) else (value,):
                pairs.append((name, one))
        return urlencode(pairs)

    def read_forms(self, page: str, html: str) -> list[PageForm]:
        """Keeps the page's POST forms by the endpoint they post to; returns its search forms (GET)."""
        searches = []
        for form in forms_of(page, html):
            if form.method != "post":
                searches.append(form)
                continue
            try:
                endpoint, _ = self.adapter.match(urlsplit(form.action).path, method="POST")
            except HTTPException:
                continue
            known = self.forms.setdefault(endpoint, [])
            shapes = {tuple(sorted(existing.fields)) for existing in known}
            if tuple(sorted(form.fields)) not in shapes and len(known) < 3:
                known.append(form)
        return searches

    # POST: each form of the rule, field by field.

    def walk_post(self, rule, path: str) -> None:
        client = self.client_for(rule)
        forms = self.current_forms(client, rule, path)
        if not forms:
            token = self.any_csrf_token(client)
            forms = [PageForm(page=path, action=path, method="post", multipart=False,
                              fields={"csrf_token": FormField("csrf_token", "hidden", token or "")})]
        for form in forms:
            self.walk_form(client, path, form)
        if "GET" in rule.methods:
            self.send(client, "GET", path, "the page again, after the hostile posts")

    def current_forms(self, client, rule, path: str) -> list[PageForm]:
        """The rule's forms read again by this client (fresh values, this session's CSRF token)."""
        known = self.forms.get(rule.endpoint, [])
        fresh = []
        for page in dict.fromkeys(form.page for form in known):
            response = self.send(client, "GET", page, "the form's page")
            if response is None or response.status_code != 200:
                continue
            for form in forms_of(page, response.get_data(as_text=True)):
                if form.method != "post":
                    continue
                try:
                    endpoint, _ = self.adapter.match(urlsplit(form.action).path, method="POST")
                except HTTPException:
                    continue
                if endpoint == rule.endpoint and tuple(sorted(form.fields)) not in {tuple(sorted(f.fields)) for f in fresh}:
                    fresh.append(form)
        # A form posting to this very URL if the pages have one (a summary section's, not another's).
        exact = [form for form in fresh if urlsplit(form.action).path == path]
        return (exact or fresh)[:3]

    def any_csrf_token(self, client) -> str | None:
        response = client.get("/login") if client is not self._organizer else client.get("/account")
        return csrf_token_of(response.get_data(as_text=True))

    def post(self, client, path: str, form: PageForm, pairs: list[tuple[str, object]], what: str):
        if form.multipart or any(isinstance(value, tuple) and not isinstance(value, str) for _, value in pairs):
            data = MultiDict(pairs)
            return self.send(client, "POST", path, what, snapshot=True, data=data, content_type="multipart/form-data")
        return self.send(client, "POST", path, what, snapshot=True, data=MultiDict(pairs))

    def walk_form(self, client, path: str, form: PageForm) -> None:
        baseline = self.filler.baseline(form)
        response = self.post(client, path, form, baseline, "valid-looking values")
        if response is not None and response.status_code in (400, 422):
            self.refused_baselines.append(f"POST {path} ({response.status_code})")
        for name, form_field in form.fields.items():
            if name == "csrf_token":
                continue
            if form_field.kind == "file":
                candidates = [(BytesIO(b""), "vide.pdf"), (BytesIO(b"\x00" * 64), "x\x00y" + "é" * 300 + ".pdf")]
            else:
                candidates = hostile.values_for(form_field.kind)
            for value in candidates:
                pairs = [(key, old) for key, old in self.filler.baseline(form) if key != name]
                pairs += [(name, one) for one in (value if isinstance(value, hostile.Several) else (value,))]
                what = f"{name}={describe(value) if form_field.kind != 'file' else 'file ' + repr(value[1][:20])}"
                self.post(client, path, form, pairs, what)
        if not form.multipart:
            self.send(
                client, "POST", path, "every text field not UTF-8", snapshot=True,
                data=self.invalid_utf8_body(form), content_type="application/x-www-form-urlencoded",
            )

    def invalid_utf8_body(self, form: PageForm) -> bytes:
        parts = []
        for name, value in self.filler.baseline(form):
            kind = form.fields[name].kind
            encoded = hostile.INVALID_UTF8 if kind in ("text", "textarea", "search", "email", "url") else quote(str(value)).encode()
            parts.append(quote(name).encode() + b"=" + encoded)
        return b"&".join(parts)

    def walk_query_form(self, client, form: PageForm) -> None:
        """A search form (method GET): each of its fields with each hostile value, in the query string."""
        for name, form_field in form.fields.items():
            for value in hostile.values_for(form_field.kind):
                ones = value if isinstance(value, hostile.Several) else (value,)
                query = urlencode([(name, one) for one in ones])
                self.send(client, "GET", f"{urlsplit(form.action).path}?{query}", f"{name}={describe(value)}")

    # Everything.

    def walk_path_parameters(self, rule) -> None:
        """Each text parameter of the URL (a slug, a token, a code) with each of ``PATH_VALUES`` in turn."""
        texts = [name for name, converter in rule._converters.items() if isinstance(converter, UnicodeConverter)]
        for name in texts:
            for value in hostile.PATH_VALUES:
                path = self.dataset.paths(rule, {name: value})[0]
                for method in sorted(rule.methods & {"GET", "POST"}):
                    self.send(self.client_for(rule), method, path, f"<{name}>={describe(value)}", snapshot=method == "POST")

    def walk(self, rules) -> None:
        for rule in rules:
            self.walk_path_parameters(rule)
        for method, step in (("GET", self.walk_get), ("POST", self.walk_post)):
            for rule in rules:
                if method in rule.methods:
                    started, requests = time.monotonic(), self.requests
                    for path in self.dataset.paths(rule):
                        step(rule, path)
                    self.timings.append((time.monotonic() - started, self.requests - requests, f"{method} {rule.rule}"))

    def report(self) -> str:
        """Each failure once per route and kind of value (the first of them in full)."""
        shown, lines = set(), [f"{len(self.failures)} failures in {self.requests} requests"]
        for failure in self.failures:
            key = (failure.method, failure.path.split("?")[0], failure.what.split("=")[0], failure.details[-200:])
            if key not in shown:
                shown.add(key)
                lines.append(str(failure))
        return "\n\n".join(lines)

