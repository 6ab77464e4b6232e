"""A local SMTP sink for the reminder fan-out (aiosmtpd, in its own process).

It accepts every message, keeps nothing, and writes one line per message to
stdout: the count so far and the time it arrived (``time.time()``), so that the
bench knows when the last one came in. ``ready <port>`` comes first.

    .venv/bin/python bench/smtp_sink.py --port 2525
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time

from aiosmtpd.controller import Controller


class CountingHandler:
    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        # One line per message, flushed at once: the reader times the last arrival from it.
        self.count += len(envelope.rcpt_tos)
        sys.stdout.write(f"{self.count} {time.time():.6f}\n")
        sys.stdout.flush()
        return "250 Message accepted"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    controller = Controller(CountingHandler(), hostname="127.0.0.1", port=args.port)
    controller.start()
    print(f"ready {args.port}", flush=True)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    stopped.wait()
    controller.stop()


if __name__ == "__main__":
    main()
