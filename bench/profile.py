"""Where a page's time goes: requests to one URL in-process on the bench's data set, under pyinstrument.

    .venv/bin/python bench/profile.py /webinars/open-002
    .venv/bin/python bench/profile.py --organizer /manage/webinars/1/registrations --repeat 20
    .venv/bin/python bench/profile.py --sqlite /r/<token>/invite.ics
    .venv/bin/python bench/profile.py --register /webinars/open-002/register
    .venv/bin/python bench/profile.py --cookie lang=fr /webinars/open-002     # rendered, not from the page cache
    .venv/bin/python bench/profile.py --cprofile --cookie lang=fr /webinars/open-002

Public pages requested without a cookie come from the page cache after the first request (as for a first-time
visitor); ``--cookie`` sends one, as a visitor who chose a language or registered does, so the page is rendered
each time. ``--cprofile`` prints cProfile's functions by CPU time (``time.process_time``: waiting for the
database does not count) instead of pyinstrument's wall-clock tree.
``--register`` POSTs the registration form to the path, a new address each time, as the bench's wrk does.

Run ``bench/run.py`` once first: it builds the data set (and prints the URLs it measures).
Install pyinstrument with ``make bench`` (the ``bench`` extra).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

# The repository instead of bench/ first on the path: bench/profile.py would hide the standard library's
# profile module, which cProfile imports.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench import dataset, lock_times  # noqa: E402
from bench.environment import USER_AGENT, target_for, use_in_this_process  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", help="URL path, e.g. /webinars/open-002")
    parser.add_argument("--organizer", action="store_true", help="signed in as the data set's organizer")
    parser.add_argument("--register", action="store_true", help="POST a new registration to the path each time")
    parser.add_argument("--write-confirmations", action="store_true",
                        help="the worker's share of registrations: write --repeat queued confirmations (no URL)")
    parser.add_argument("--cookie", action="append", default=[], metavar="NAME=VALUE",
                        help="send this cookie with every request (repeatable), e.g. lang=fr")
    parser.add_argument("--cprofile", action="store_true", help="cProfile by CPU time instead of pyinstrument")
    parser.add_argument("--plain", action="store_true",
                        help="no profiler: CPU and wall-clock milliseconds per request (the best of three rounds)")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--html", type=Path, help="write pyinstrument's HTML report here as well")
    args = parser.parse_args()

    from pyinstrument import Profiler

    target = target_for(args.sqlite)
    use_in_this_process(target)
    dataset.ensure_dataset(target, fresh=False, say=lambda line: print(line, file=sys.stderr))  # a fresh machine has none
    from webinars import create_app

    app = create_app()
    if args.write_confirmations:
        _profile_writing(app, Profiler(interval=0.0005), args.repeat)
        return
    if not args.path:
        parser.error("a URL path is needed")
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = USER_AGENT
    for cookie in args.cookie:
        name, _, value = cookie.partition("=")
        client.set_cookie(name, value)
    if args.organizer:
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        answer = client.post("/login", data={"csrf_token": token, "email": dataset.ORGANIZER_EMAIL,
                                              "password": dataset.ORGANIZER_PASSWORD})
        if answer.status_code != 302:
            raise SystemExit(f"sign-in failed ({answer.status_code})")

    request = lock_times.registration_poster(client, args.path) if args.register else lambda: client.get(args.path)
    status = request().status_code  # templates compiled, caches warm
    held = lock_times.record_lock_times(app) if args.register else None
    if args.cprofile:
        _cprofile(request, args, held)
        return
    if args.plain:
        _plain(request, args, held)
        return
    profiler = Profiler(interval=0.0005)
    started = time.perf_counter()
    with profiler:
        for _ in range(args.repeat):
            request().close()
    elapsed = time.perf_counter() - started
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    print(f"{args.path}: status {status}, {elapsed / args.repeat * 1000:.1f} ms per request in-process "
          f"(profiler overhead included), {args.repeat} requests")
    if args.html:
        args.html.write_text(profiler.output_html())
    if held is not None:
        _report_lock_times(held)


def _report_lock_times(held: list[float]) -> None:
    times = lock_times.summarize(held)
    if times is None:
        print("no row lock taken (SQLite takes the database's write lock instead)")
        return
    print(f"webinar's row lock held {times.median_ms:.2f} ms (median), {times.p90_ms:.2f} ms (90th percentile), "
          f"over {times.registrations} registrations (with the profiler's overhead when profiling)")


def _plain(request, args, held: list[float] | None) -> None:
    """Without a profiler's overhead: three rounds of ``--repeat`` requests, the best round kept (other
    work on the machine only ever slows a round down)."""
    rounds = []
    for _ in range(3):
        if held is not None:
            held.clear()
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(args.repeat):
            request().close()
        rounds.append(((time.process_time() - cpu) / args.repeat, (time.perf_counter() - wall) / args.repeat))
    cpu, wall = min(rounds)
    print(f"{args.path}: {cpu * 1000:.2f} ms of CPU, {wall * 1000:.2f} ms in all per request in-process "
          f"(best of 3 rounds of {args.repeat})")
    if held is not None:
        _report_lock_times(held)


def _cprofile(request, args, held: list[float] | None) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile(time.process_time)
    started = time.process_time()
    profiler.enable()
    for _ in range(args.repeat):
        request().close()
    profiler.disable()
    cpu = time.process_time() - started
    pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    if held is not None:
        _report_lock_times(held)
    print(f"{args.path}: {cpu / args.repeat * 1000:.2f} ms of CPU per request in-process "
          f"(cProfile's overhead included), {args.repeat} requests")


def _profile_writing(app, profiler, count: int) -> None:
    """Write ``count`` confirmations queued by registration POSTs, as a worker does before sending; then
    roll back, so they stay queued."""
    from sqlalchemy import select

    from webinars.extensions import db
    from webinars.mail.deferred import write_unwritten
    from webinars.mail.models import OutboxMessage

    with app.app_context():
        messages = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.text_body.is_(None)).order_by(OutboxMessage.id).limit(count + 1)
        ).all()
        if len(messages) < 2:
            raise SystemExit("no queued confirmation: run bench/run.py, or profile.py --register, first")
        write_unwritten(messages[:1])  # templates compiled, caches warm
        started = time.perf_counter()
        with profiler:
            problems = write_unwritten(messages[1:])
        elapsed = time.perf_counter() - started
        db.session.rollback()
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    print(f"{len(messages) - 1} confirmations written in {elapsed / (len(messages) - 1) * 1000:.1f} ms each "
          f"(profiler overhead included), {len(problems)} could not be")


if __name__ == "__main__":
    main()
