"""One webhook call over HTTP(S), to an address checked first.

Targets that resolve to loopback, private, link-local (cloud metadata included), shared or reserved
addresses are refused unless their host is in ``WEBHOOK_ALLOWED_HOSTS``; the connection then goes to
the very address that was checked (a second lookup could answer otherwise). Redirects are not
followed (http.client never does: a 3xx is a failed call), and the whole call gives up after the
timeout.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app

from webinars.webhooks.models import ANSWER_EXCERPT_BYTES

# Metadata services that some clouds serve on addresses Python counts as global.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(address) for address in ("100.100.100.200", "fd00:ec2::254", "169.254.169.254")
)


class RefusedTarget(Exception):
    """The URL may not be called; ``reason`` says why in English (the log, the attempt), ``kind``
    lets a page say it in the owner's language: scheme, credentials, port, unknown_host, forbidden_address."""

    def __init__(self, reason: str, kind: str, host: str | None = None, address: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.kind = kind
        self.host = host
        self.address = address


def allowed_hosts() -> set[str]:
    configured = current_app.config.get("WEBHOOK_ALLOWED_HOSTS") or ""
    if isinstance(configured, str):
        configured = configured.replace(",", " ").split()
    return {host.strip().lower().rstrip(".") for host in configured if host.strip()}


def is_forbidden_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address in METADATA_ADDRESSES or not address.is_global or address.is_multicast


def checked_target(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, address to connect to) for ``url``, or RefusedTarget."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RefusedTarget("only http:// and https:// addresses with a host name are accepted", "scheme")
    if parts.username or parts.password:
        raise RefusedTarget("addresses with a user name or password are not accepted", "credentials")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise RefusedTarget("the port is not a number between 0 and 65535", "port") from error
    host = parts.hostname.lower().rstrip(".")
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise RefusedTarget(f"the host {host} cannot be found", "unknown_host", host) from error
    addresses = [info[4][0] for info in found]
    if host not in allowed_hosts():
        for address in addresses:
            if is_forbidden_address(ipaddress.ip_address(address.split("%")[0])):
                raise RefusedTarget(
                    f"{host} resolves to {address}, a loopback, private, link-local or metadata address",
                    "forbidden_address",
                    host,
                    address,
                )
    return parts.scheme, host, port, addresses[0]


@dataclass(frozen=True)
class CallResult:
    status_code: int | None
    duration_ms: int
    excerpt: str | None
    error: str | None

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float) -> CallResult:
    """POST ``body`` to ``url``; never raises for what the network or the receiver does."""
    started = time.monotonic()

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        scheme, host, port, address = checked_target(url)
    except RefusedTarget as refused:
        return CallResult(None, elapsed(), None, f"refused: {refused.reason}"[:300])
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection_class = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(host, port, address, timeout)
    # The socket's timeout bounds each step; this bounds the whole call (a receiver that answers a
    # byte every few seconds would otherwise hold the worker far longer).
    cut = threading.Event()
    deadline = threading.Timer(timeout, _cut, (connection, cut))
    deadline.daemon = True
    deadline.start()
    try:
        connection.request(
            "POST",
            path,
            body=body,
            headers={**headers, "Content-Type": "application/json", "User-Agent": "Webinars-Webhooks/1"},
        )
        response = connection.getresponse()
        answer = response.read(ANSWER_EXCERPT_BYTES)
        return CallResult(response.status, elapsed(), answer.decode("utf-8", errors="replace"), None)
    except (OSError, http.client.HTTPException) as error:
        if isinstance(error, TimeoutError) or cut.is_set():
            return CallResult(None, elapsed(), None, f"no answer within {timeout:g} s")
        return CallResult(None, elapsed(), None, f"{type(error).__name__}: {error}"[:300])
    finally:
        deadline.cancel()
        connection.close()


def _cut(connection: http.client.HTTPConnection, cut: threading.Event) -> None:
    """End a call that went past its deadline: the blocked read or write fails at once."""
    cut.set()
    sock = connection.sock
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
