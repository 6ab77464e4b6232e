"""``make bench``: the app under gunicorn on a generated data set, measured with wrk, side by side with a
minimal Flask app (the practical ceiling of this machine), then the CSV and Excel exports' memory and the reminder
fan-out. Prints one table and the targets of issue 8, each met or missed. See bench/README.md.

    .venv/bin/python bench/run.py               # PostgreSQL (database "bench"), ~10 s per URL
    .venv/bin/python bench/run.py --sqlite      # the embedded default
    .venv/bin/python bench/run.py --quick       # 3 s per URL, for a smoke run
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import dataset  # noqa: E402
from bench.environment import (  # noqa: E402
    app_environment,
    machine_description,
    postgres_version,
    target_for,
    use_in_this_process,
    wrk_version,
)
from bench.load import LoadResult, run_wrk  # noqa: E402
from bench.servers import Client, Server, memory_of, start_gunicorn  # noqa: E402

SECTIONS = ("http", "export", "fanout")


@dataclass(frozen=True)
class Endpoint:
    label: str
    path: str
    organizer: bool = False  # sent with the organizer's session cookie
    api: bool = False  # sent with an API token of the organization (Authorization: Bearer)
    expected_status: int = 200
    cookie: str | None = None  # a visitor's cookie: public pages are then rendered, not taken from the page cache
    latency_target_ms: float | None = None  # p50 target judged with one client (the time one organizer waits)


@dataclass
class Row:
    label: str
    result: LoadResult | None
    note: str = ""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark the app against a ceiling (issue 8).")
    parser.add_argument("--sqlite", action="store_true", help="measure the embedded SQLite default instead of PostgreSQL")
    parser.add_argument("--database-url", help="PostgreSQL database to use (default postgresql://postgres@127.0.0.1:5432/bench)")
    parser.add_argument("--duration", type=float, default=10, help="seconds of load per URL (default 10)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent connections of wrk (default 16)")
    parser.add_argument("--workers", type=int, help="gunicorn workers for the app and the ceiling (default: gunicorn.conf.py's)")
    parser.add_argument("--quick", action="store_true", help="3 s per URL: a smoke run, noisy figures")
    parser.add_argument("--fresh", action="store_true", help="rebuild the data set even if the existing one matches")
    parser.add_argument("--only", help=f"comma-separated sections to run among {', '.join(SECTIONS)} (default: all)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    if args.quick:
        args.duration = 3
    args.sections = tuple(args.only.split(",")) if args.only else SECTIONS
    unknown = set(args.sections) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")
    return args


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if "http" in args.sections and shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk (or run with --only export,fanout)")
    target = target_for(args.sqlite, args.database_url)
    use_in_this_process(target)
    log_dir = target.instance_path / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    workers = args.workers or _conf_default_workers()

    started = time.monotonic()
    data = dataset.ensure_dataset(target, fresh=args.fresh, say=say)
    summary_missing = dataset.prepare_run(data, datetime.now(UTC), say=say)
    if summary_missing:
        say(f"Summary pages: n/a ({summary_missing})")

    report: dict = {
        "machine": machine_description(),
        "database": "SQLite" if target.is_sqlite else postgres_version(target.database_url),
        "setup": target.label,
        "load": f"{wrk_version()}, {args.connections} connections, {args.duration:.0f} s per URL",
        "gunicorn": f"{workers} workers x {os.environ.get('WEBINARS_THREADS', '4')} threads (gthread), access log off",
        "rows": [],
        "latency_rows": [],
    }
    if "http" in args.sections:
        _http_section(target, data, args, workers, log_dir, summary_missing, report)
    if "export" in args.sections:
        report["export"] = _export_section(target, data, log_dir)
    if "fanout" in args.sections:
        from bench.fanout import measure_fanout

        say("Reminder fan-out: 10,000 due reminders, webinars worker --workers 2, local SMTP sink")
        report["fanout"] = asdict(measure_fanout(target, data.reminder_id, dataset.REMINDER_ROWS, log_dir, say=say))

    print(render(report, args, target.is_sqlite))
    say(f"(bench took {time.monotonic() - started:.0f} s; server logs in {log_dir})")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str))
    return 0


def _conf_default_workers() -> int:
    import runpy

    from bench.environment import REPO

    return int(runpy.run_path(str(REPO / "gunicorn.conf.py"))["workers"])


# --- Pages under load -----------------------------------------------------------------------


# A visitor who chose a language (or registered, or opened a form) sends a cookie: the pages are then
# rendered for them instead of coming from the 5-second page cache (issue 20 measures that work).
RETURNING_VISITOR = "lang=fr"


def endpoints(data: dataset.BenchData, deep_cursor: str) -> list[Endpoint]:
    big = "100k rows"
    rendered = "with a cookie (rendered)"
    return [
        Endpoint("/ (home page)", "/"),
        Endpoint("webinar page", f"/webinars/{data.open_slug}"),
        Endpoint(f"webinar page, {rendered}", f"/webinars/{data.open_slug}", cookie=RETURNING_VISITOR),
        Endpoint("registration form", f"/webinars/{data.open_slug}/register"),
        Endpoint("webinar .ics", f"/webinars/{data.open_slug}.ics"),
        Endpoint(f"webinar .ics, {rendered}", f"/webinars/{data.open_slug}.ics", cookie=RETURNING_VISITOR),
        Endpoint("personal invite .ics", f"/r/{data.invite_token}/invite.ics"),
        Endpoint("personal page /r/<token>", f"/r/{data.invite_token}"),
        Endpoint("organization feed .ics", f"/organizations/{data.organization_slug}/calendar.ics"),
        Endpoint("organizer's dashboard (200 webinars)", f"/manage/{data.organization_slug}/webinars", organizer=True, latency_target_ms=10),
        Endpoint("organizer's webinar overview", f"/manage/webinars/{data.open_id}", organizer=True, latency_target_ms=10),
        Endpoint(f"registration list, first page ({big})", f"/manage/webinars/{data.big_id}/registrations", organizer=True, latency_target_ms=50),
        Endpoint(f"registration list, deep page ({big})", f"/manage/webinars/{data.big_id}/registrations?after={deep_cursor}", organizer=True, latency_target_ms=50),
        Endpoint(f"summary, organizer ({big})", f"/manage/webinars/{data.big_id}/summary", organizer=True, latency_target_ms=50),
        Endpoint(f"summary, public ({big})", f"/webinars/{data.big_slug}/summary", latency_target_ms=50),
        Endpoint(f"API registrations, first page ({big})", f"/api/v1/webinars/{data.big_id}/registrations", api=True, latency_target_ms=50),
    ]


def _api_token(data: dataset.BenchData) -> str:
    """A read and write API token of the bench's organization (a new one each run; only its hash is kept)."""
    from sqlalchemy import select

    from webinars import create_app
    from webinars.accounts.models import Organization
    from webinars.api_tokens import service as api_tokens
    from webinars.api_tokens.models import ApiScope
    from webinars.extensions import db

    app = create_app()
    with app.app_context():
        organization = db.session.scalar(select(Organization).where(Organization.slug == data.organization_slug))
        secret = api_tokens.create_token(organization, "make bench", ApiScope.WRITE).secret
        db.session.commit()
        db.engine.dispose()
    return secret


def _deep_cursor(data: dataset.BenchData) -> str:
    """The list's own cursor (newest first) for the page 90% of the way down."""
    from sqlalchemy import select

    from webinars import create_app
    from webinars.extensions import db
    from webinars.registration.listing import Cursor
    from webinars.registration.models import Registration

    app = create_app()
    with app.app_context():
        row_id = db.session.scalar(
            select(Registration.id)
            .where(Registration.webinar_id == data.big_id)
            .order_by(Registration.id.desc())
            .offset(data.deep_cursor_offset)
            .limit(1)
        )
        db.engine.dispose()
    return Cursor(0, (row_id,)).encode()


def _http_section(target, data, args, workers: int, log_dir: Path, summary_missing, report: dict) -> None:
    env = app_environment(target, WEB_CONCURRENCY=str(workers))
    warmup = 1 if args.quick else 2

    def load(server: Server, path: str, cookie: str | None = None, connections: int | None = None, **kwargs) -> LoadResult:
        """Two runs of half the duration each, the better one kept: other work on the machine can
        only slow a run down, so the better run is the closer to what the code can do."""
        url = server.base_url + path
        connections = connections or args.connections
        run_wrk(url, duration=warmup, connections=connections, cookie=cookie, **kwargs)
        runs = [run_wrk(url, duration=args.duration / 2, connections=connections, cookie=cookie, **kwargs) for _ in range(2)]
        if connections == 1:
            return min(runs, key=lambda run: (run.requests == 0, run.p50_ms))
        return max(runs, key=lambda run: run.rps)

    with start_gunicorn("ceiling", "bench.ceiling_app:app", env, log_dir) as ceiling:
        say("Ceiling: minimal Flask app under the same gunicorn settings")
        ceiling_before = load(ceiling, "/")
        ceiling_single = load(ceiling, "/", connections=1)

    rows: list[Row] = []
    latency_rows: list[Row] = []
    with start_gunicorn("app", "wsgi:app", env, log_dir) as app_server:
        organizer = Client(app_server.base_url)
        organizer.sign_in(data.organizer_email, data.organizer_password)
        visitor = Client(app_server.base_url)
        bearer = f"Authorization: Bearer {_api_token(data)}"
        for endpoint in endpoints(data, _deep_cursor(data)):
            client = organizer if endpoint.organizer else visitor
            if endpoint.api:
                status = _api_status(app_server.base_url + endpoint.path, bearer)
            else:
                status, _headers, _body = client.request(endpoint.path)
            if status != endpoint.expected_status:
                note = "n/a (page missing)" if "summary" in endpoint.label and (summary_missing or status == 404) else f"n/a (answers {status})"
                say(f"  {endpoint.label}: {note}")
                rows.append(Row(endpoint.label, None, note))
                continue
            say(f"  {endpoint.label}")
            cookie = organizer.cookie_header if endpoint.organizer else endpoint.cookie
            headers = (bearer,) if endpoint.api else ()
            rows.append(Row(endpoint.label, load(app_server, endpoint.path, cookie, headers=headers)))
            if endpoint.latency_target_ms:
                latency_rows.append(Row(endpoint.label, load(app_server, endpoint.path, cookie, connections=1, headers=headers)))
        position = next(index for index, row in enumerate(rows) if row.label == "personal page /r/<token>") + 1
        rows.insert(position, _registration_post(app_server, data, load))
        rows.append(_api_registration_post(app_server, data, load, bearer))
        say(f"  ({_posted(data):,} registrations made by the POST runs)")

    rows.insert(position + 1, _registration_surge(data, args, env, log_dir, warmup))

    if not target.is_sqlite:
        from bench.lock_times import measure_registration_lock

        say("Registration lock: 200 registrations in-process, the row lock's hold time")
        times = measure_registration_lock(f"/webinars/{data.open_slug}/register")
        report["lock"] = asdict(times) if times else None

    with start_gunicorn("ceiling-after", "bench.ceiling_app:app", env, log_dir) as ceiling:
        say("Ceiling again, after the app")
        ceiling_after = load(ceiling, "/")

    report["ceiling"] = {"before": asdict(ceiling_before), "after": asdict(ceiling_after), "single": asdict(ceiling_single)}
    report["ceiling_rps"] = max(ceiling_before.rps, ceiling_after.rps)
    report["rows"] = [_row_dict(row) for row in rows]
    report["latency_rows"] = [_row_dict(row) for row in latency_rows]
    report["latency_targets"] = {
        endpoint.label: endpoint.latency_target_ms for endpoint in endpoints(data, "") if endpoint.latency_target_ms
    }


def _registration_post(server: Server, data: dataset.BenchData, load) -> Row:
    """A visitor's session and CSRF token from the form, then POSTs with a new e-mail each."""
    label = "registration POST"
    visitor = Client(server.base_url)
    path = f"/webinars/{data.open_slug}/register"
    token = visitor.csrf_token(path)
    form = {
        "csrf_token": token, "email": f"{dataset.POSTED_EMAIL_PREFIX}check-{time.time_ns()}@example.org",
        "first_name": "Charge", "last_name": "Essai", "country": "MA", "consent": "y",
    }
    status, _headers, _body = visitor.request(path, form)
    if status != 302:
        say(f"  {label}: n/a (a single POST answers {status})")
        return Row(label, None, f"n/a (answers {status})")
    say(f"  {label}")
    run_id = str(time.time_ns())
    return Row(label, load(server, path, visitor.cookie_header, script="register.lua", script_args=(token, run_id)))


SURGE_SERVERS = 2
SURGE_CONNECTIONS = 64


def _registration_surge(data: dataset.BenchData, args, env: dict, log_dir: Path, warmup: float) -> Row:
    """An announcement's surge in the scale-out layout: two app servers on one database, 64 connections
    split between them, each POST a new registration. Errors must be 0; the p99 is the slower server's."""
    from concurrent.futures import ThreadPoolExecutor
    from contextlib import ExitStack

    label = f"registration POST surge: {SURGE_CONNECTIONS} connections over {SURGE_SERVERS} app servers"
    say(f"  {label}")
    path = f"/webinars/{data.open_slug}/register"
    per_server = SURGE_CONNECTIONS // SURGE_SERVERS
    with ExitStack() as stack:
        servers = [stack.enter_context(start_gunicorn(f"surge-{n}", "wsgi:app", env, log_dir)) for n in range(SURGE_SERVERS)]
        sessions = []  # (server, the Cookie header of a visitor's session on it, that session's CSRF token)
        for server in servers:
            visitor = Client(server.base_url)
            token = visitor.csrf_token(path)
            sessions.append((server, visitor.cookie_header, token))

        def surge(duration: float) -> LoadResult:
            with ThreadPoolExecutor(len(sessions)) as pool:
                runs = list(pool.map(
                    lambda session: run_wrk(
                        session[0].base_url + path, duration=duration, connections=per_server, cookie=session[1],
                        script="register.lua", script_args=(session[2], f"surge{session[0].port}-{time.time_ns()}"),
                    ),
                    sessions,
                ))
            seconds = max(run.seconds for run in runs)
            return LoadResult(
                requests=sum(run.requests for run in runs), seconds=seconds,
                p50_ms=max(run.p50_ms for run in runs), p99_ms=max(run.p99_ms for run in runs),
                errors=sum(run.errors for run in runs),
            )

        surge(warmup)
        return Row(label, max((surge(args.duration / 2) for _ in range(2)), key=lambda run: run.rps))


def _api_status(url: str, bearer: str, body: bytes | None = None) -> int:
    import urllib.error
    import urllib.request

    name, _, value = bearer.partition(": ")
    request = urllib.request.Request(url, data=body, headers={name: value, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        with error:
            return error.code


def _api_registration_post(server: Server, data: dataset.BenchData, load, bearer: str) -> Row:
    """POST /api/v1/webinars/<id>/registrations with a new e-mail each (the organizer's manual add)."""
    label = "API registration POST"
    path = f"/api/v1/webinars/{data.open_id}/registrations"
    check = json.dumps({
        "email": f"{dataset.POSTED_EMAIL_PREFIX}api-check-{time.time_ns()}@example.org",
        "first_name": "Charge", "last_name": "Essai", "consent_obtained": True,
    }).encode()
    status = _api_status(server.base_url + path, bearer, check)
    if status != 201:
        say(f"  {label}: n/a (a single POST answers {status})")
        return Row(label, None, f"n/a (answers {status})")
    say(f"  {label}")
    run_id = str(time.time_ns())
    return Row(label, load(server, path, None, script="api_register.lua", script_args=(run_id,), headers=(bearer,)))


def _posted(data: dataset.BenchData) -> int:
    from webinars import create_app
    from webinars.extensions import db

    app = create_app()
    with app.app_context():
        count = dataset.posted_count(data.open_id)
        db.engine.dispose()
    return count


def _row_dict(row: Row) -> dict:
    return {"label": row.label, "note": row.note, "result": asdict(row.result) if row.result else None,
            "rps": row.result.rps if row.result else None}


# --- Exports (CSV and Excel) ---------------------------------------------------------------


EXPORT_FORMATS = ("csv", "xlsx")


def _export_section(target, data: dataset.BenchData, log_dir: Path) -> dict:
    """Each export on a fresh one-worker server, so the worker's peak memory (VmHWM) is this export's."""
    say("Exports (CSV and Excel): 1,000 and 100,000 registrations, each on a fresh one-worker server")
    figures = {}
    for file_format in EXPORT_FORMATS:
        for label, webinar_id in (("1k", data.small_id), ("100k", data.big_id)):
            env = app_environment(target, WEB_CONCURRENCY="1")
            with start_gunicorn(f"export-{file_format}-{label}", "wsgi:app", env, log_dir) as server:
                client = Client(server.base_url)
                client.sign_in(data.organizer_email, data.organizer_password)
                (worker,) = server.worker_pids()
                before = memory_of(worker)
                started = time.perf_counter()
                status, size, lines = client.download(f"/manage/webinars/{webinar_id}/registrations.{file_format}")
                seconds = time.perf_counter() - started
                after = memory_of(worker)
            if status != 200:
                raise RuntimeError(f"the {file_format} export of {label} answered {status}")
            rows = 1_000 if label == "1k" else 100_000
            figures[f"{file_format}-{label}"] = {
                "seconds": seconds, "bytes": size, "rows": rows,
                "rss_before_kb": before["VmRSS"], "peak_kb": after["VmHWM"],
            }
            say(f"  {file_format} {label}: {size / 1e6:.1f} MB in {seconds:.2f} s, worker peak RSS {after['VmHWM'] / 1024:.0f} MB")
    return figures


# --- The table ------------------------------------------------------------------------------


def render(report: dict, args, is_sqlite: bool) -> str:
    lines = [
        "",
        f"Webinars bench — {datetime.now().strftime('%Y-%m-%d %H:%M')}",
        f"Machine: {report['machine']}; {report['database']}",
        f"Setup: {report['setup']}; gunicorn {report['gunicorn']}",
        f"Load: {report['load']}",
        "",
    ]
    targets: list[tuple[str, bool | None, str]] = []
    if report.get("rows"):
        ceiling = report["ceiling_rps"]
        best = max(report["ceiling"]["before"], report["ceiling"]["after"], key=_rps)
        lines += [
            "| URL | req/s | % of ceiling | p50 ms | p99 ms |",
            "| --- | ---: | ---: | ---: | ---: |",
            f"| ceiling: minimal Flask app | {ceiling:,.0f} | 100% | {best['p50_ms']:.1f} | {best['p99_ms']:.1f} |",
        ]
        by_label = {}
        for row in report["rows"]:
            by_label[row["label"]] = row
            result = row["result"]
            if result is None:
                lines.append(f"| {row['label']} | {row['note']} | | | |")
                continue
            if not result["requests"]:
                lines.append(f"| {row['label']} | no answer within {result['seconds']:.0f} s | | | |")
                continue
            errors = result["errors"]
            flag = f" ({errors} errors)" if errors else ""
            lines.append(
                f"| {row['label']} | {row['rps']:,.0f}{flag} | {_pct(row['rps'] / ceiling)} | {result['p50_ms']:.1f} | {result['p99_ms']:.1f} |"
            )
        before, after = report["ceiling"]["before"], report["ceiling"]["after"]
        lines.append("")
        lines.append(
            f"Ceiling measured before and after the app: {_rps(before):,.0f} and {_rps(after):,.0f} req/s (the higher is used). "
            "Each figure is the better of two runs of half the duration."
        )
        if report.get("lock"):
            lock = report["lock"]
            lines.append(
                f"A registration holds its webinar's row lock {lock['median_ms']:.2f} ms (median; 90th percentile "
                f"{lock['p90_ms']:.2f} ms), from SELECT ... FOR NO KEY UPDATE to COMMIT, over {lock['registrations']} "
                "registrations made one after another in-process."
            )
        if report["latency_rows"]:
            single = report["ceiling"]["single"]
            lines += [
                "",
                f"One client at a time (what an organizer waits for; ceiling p50 {single['p50_ms']:.1f} ms):",
                "",
                "| URL | req/s | p50 ms | p99 ms |",
                "| --- | ---: | ---: | ---: |",
            ]
            for row in report["latency_rows"]:
                result = row["result"]
                if not result["requests"]:
                    lines.append(f"| {row['label']} | no answer within {result['seconds']:.0f} s | | |")
                    continue
                lines.append(f"| {row['label']} | {row['rps']:,.0f} | {result['p50_ms']:.1f} | {result['p99_ms']:.1f} |")

        def share_of(label: str) -> float | None:
            row = by_label.get(label)
            return row["rps"] / ceiling if row and row["result"] and row["result"]["requests"] else None

        # Issue 8: visitors without a cookie, served from the page cache once rendered.
        for label, share in (("webinar page", 0.40), ("webinar .ics", 0.40)):
            value = share_of(label)
            targets.append((f"{label} ≥ {share:.0%} of the ceiling's req/s", None if value is None else value >= share, _pct(value)))
        # Issue 20: the work behind the page cache, for everyone who sends a cookie or a form.
        for label in (
            "webinar page, with a cookie (rendered)", "registration form", "personal invite .ics", "personal page /r/<token>",
        ):
            value = share_of(label)
            targets.append((f"{label} ≥ 10% of the ceiling's req/s", None if value is None else value >= 0.10, _pct(value)))
        value = share_of("registration POST")
        for share, issue in ((0.035, 20), (0.15, 8)):
            post_target = f"registration POST ≥ {share:.1%} of the ceiling's req/s on PostgreSQL (issue {issue})".replace(".0%", "%")
            if is_sqlite:
                targets.append((post_target, None, f"{_pct(value)} on SQLite; the target is for PostgreSQL"))
            else:
                targets.append((post_target, None if value is None else value >= share, _pct(value)))
        lock = report.get("lock")
        if lock:
            targets.append(("webinar's row lock held < 2 ms per registration (median, in-process)", lock["median_ms"] < 2,
                            f"{lock['median_ms']:.2f} ms"))
        surge = next((row for row in report["rows"] if row["label"].startswith("registration POST surge")), None)
        if surge and surge["result"]:
            result = surge["result"]
            targets.append((f"{surge['label']}: no error (p99 {result['p99_ms']:.0f} ms)", result["errors"] == 0,
                            f"{result['errors']} errors in {result['requests']:,} POSTs"))
        latency = {row["label"]: row for row in report["latency_rows"]}
        for label, target_ms in report.get("latency_targets", {}).items():
            single = latency.get(label)
            p50 = single["result"]["p50_ms"] if single and single["result"]["requests"] else None
            if single and p50 is None:
                targets.append((f"{label}: p50 < {target_ms:.0f} ms (one client)", False, "no answer in time"))
                continue
            targets.append(
                (f"{label}: p50 < {target_ms:.0f} ms (one client)", None if p50 is None else p50 < target_ms,
                 "n/a" if p50 is None else f"{p50:.1f} ms")
            )

    export = report.get("export")
    if export:
        lines += [
            "",
            "| export | rows | seconds | MB | worker peak RSS (VmHWM) |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for file_format in EXPORT_FORMATS:
            small, big = export[f"{file_format}-1k"], export[f"{file_format}-100k"]
            for figures in (small, big):
                lines.append(
                    f"| {file_format.upper()} | {figures['rows']:,} | {figures['seconds']:.2f} | "
                    f"{figures['bytes'] / 1e6:.1f} | {figures['peak_kb'] / 1024:.0f} MB |"
                )
            ratio = big["peak_kb"] / small["peak_kb"]
            lines.append(f"\n{file_format.upper()}: peak memory at 100,000 rows is {ratio:.2f}× the peak at 1,000 rows.")
            targets.append(
                (f"{file_format.upper()} export memory at 100,000 rows ≤ 1.5× that at 1,000", ratio <= 1.5, f"{ratio:.2f}×")
            )

    fanout = report.get("fanout")
    if fanout:
        count = fanout["messages"]
        app_rate, bare_rate = count / fanout["app_seconds"], count / fanout["bare_seconds"]
        transport_rate = count / fanout["transport_seconds"]
        lines += [
            "",
            f"| Reminder fan-out ({count:,} e-mails to a local SMTP sink) | seconds | messages/s | % of bare smtplib |",
            "| --- | ---: | ---: | ---: |",
            f"| bare smtplib loop (ceiling): build each message, send_message, one connection | {fanout['bare_seconds']:.1f} | {bare_rate:,.0f} | 100% |",
            f"| webinars worker --workers 2: find, render, queue, claim, build, send, record | {fanout['app_seconds']:.1f} | {app_rate:,.0f} | {app_rate / bare_rate:.0%} |",
            f"| for reference: one ready-made message's bytes sent {count:,} times | {fanout['transport_seconds']:.1f} | {transport_rate:,.0f} | {transport_rate / bare_rate:.0%} |",
        ]
        if fanout["duplicates_or_missing"]:
            lines.append(f"\nWARNING: the sink received {fanout['duplicates_or_missing']:+} messages beyond the reminders recorded as sent.")
        targets.append(("reminder fan-out ≥ 50% of the bare smtplib rate", app_rate / bare_rate >= 0.5, _pct(app_rate / bare_rate)))

    if targets:
        lines += ["", "| Target | result | met? |", "| --- | ---: | --- |"]
        for label, met, value in targets:
            verdict = "n/a" if met is None else ("met" if met else "MISSED")
            lines.append(f"| {label} | {value} | {verdict} |")
    return "\n".join(lines)


def _rps(result: dict) -> float:
    return result["requests"] / result["seconds"]


def _pct(value: float | None) -> str:
    """'58%', '3.7%': a tenth of a percent below 10%, where the targets are (3.5%, 10%)."""
    if value is None:
        return "n/a"
    return f"{value:.0%}" if value >= 0.1 else f"{value:.1%}"


if __name__ == "__main__":
    sys.exit(main())
