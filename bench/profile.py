"""Where a page's time goes: requests to one URL in-process on the bench's data set, under pyinstrument.

    .venv/bin/python bench/profile.py /webinars/open-002
    .venv/bin/python bench/profile.py --organizer /manage/webinars/1/registrations --repeat 20
    .venv/bin/python bench/profile.py --sqlite /r/<token>/invite.ics

Run ``bench/run.py`` once first: it builds the data set (and prints the URLs it measures).
Install pyinstrument with ``make bench`` (the ``bench`` extra).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import dataset  # noqa: E402
from bench.environment import USER_AGENT, target_for, use_in_this_process  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="URL path, e.g. /webinars/open-002")
    parser.add_argument("--organizer", action="store_true", help="signed in as the data set's organizer")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--html", type=Path, help="write pyinstrument's HTML report here as well")
    args = parser.parse_args()

    from pyinstrument import Profiler

    use_in_this_process(target_for(args.sqlite))
    from webinars import create_app

    app = create_app()
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = USER_AGENT
    if args.organizer:
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        answer = client.post("/login", data={"csrf_token": token, "email": dataset.ORGANIZER_EMAIL,
                                              "password": dataset.ORGANIZER_PASSWORD})
        if answer.status_code != 302:
            raise SystemExit(f"sign-in failed ({answer.status_code})")

    status = client.get(args.path).status_code  # templates compiled, caches warm
    profiler = Profiler(interval=0.0005)
    started = time.perf_counter()
    with profiler:
        for _ in range(args.repeat):
            client.get(args.path).close()
    elapsed = time.perf_counter() - started
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    print(f"{args.path}: status {status}, {elapsed / args.repeat * 1000:.1f} ms per request in-process "
          f"(profiler overhead included), {args.repeat} requests")
    if args.html:
        args.html.write_text(profiler.output_html())


if __name__ == "__main__":
    main()
