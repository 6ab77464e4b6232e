"""Load generation with wrk: one run per URL, figures read from the JSON line of bench/wrk/report.lua."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass

from bench.environment import BENCH, REPO, USER_AGENT

WRK_THREADS = 2


@dataclass(frozen=True)
class LoadResult:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int  # answers >= 400 and socket errors

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def error_share(self) -> float:
        return self.errors / self.requests if self.requests else 1.0


def run_wrk(
    url: str,
    *,
    duration: float,
    connections: int,
    cookie: str | None = None,
    script: str = "report.lua",
    script_args: tuple[str, ...] = (),
    headers: tuple[str, ...] = (),
) -> LoadResult:
    command = [
        "wrk",
        f"-t{min(WRK_THREADS, connections)}",
        f"-c{connections}",
        f"-d{max(1, round(duration))}s",  # whole seconds only
        "--timeout", "30s",
        "-s", str(BENCH / "wrk" / script),
        "-H", f"User-Agent: {USER_AGENT}",
        "-H", "Accept-Language: fr",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    for header in headers:
        command += ["-H", header]
    command.append(url)
    if script_args:
        command += ["--", *script_args]
    # The scripts load each other with paths relative to the repository.
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=True)
    line = next(line for line in reversed(result.stdout.splitlines()) if line.startswith("{"))
    figures = json.loads(line)
    return LoadResult(
        requests=figures["requests"],
        seconds=figures["duration_us"] / 1e6,
        p50_ms=figures["p50_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        errors=figures["status_errors"] + figures["socket_errors"],
    )
