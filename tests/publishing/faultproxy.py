"""A small HTTP proxy on 127.0.0.1 that fails chosen requests, for the publisher's fault-injection tests.

It stands in front of a real catalog server and forwards each request on its own upstream connection,
streaming bodies both ways. Requests are counted per action (`/api/3/action/<name>`; any other path
counts as "download"); a rule fails the Nth request of an action in one of four ways:

- `"500"`:            answer HTTP 500 in CKAN's envelope; nothing reaches the server;
- `"refuse"`:         close the connection before forwarding; nothing reaches the server;
- `"drop_response"`:  forward the whole request, let the server answer (it has committed), then close
                      the connection without passing the answer on: the server did it, the client
                      thinks it failed;
- `"cut_upload"`:     forward the headers and the first `after_bytes` bytes of the body, then close both
                      connections: an upload cut off mid-way.

`observe(action, n)` is called after each forwarded request the server answered, before the answer goes
back: the client is blocked, so what the catalog shows then is what any reader sees between two writes.
The proxy is bounded in time (`lifetime` seconds, then it stops by itself) and every socket has a timeout.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

KINDS = ("500", "refuse", "drop_response", "cut_upload")
CHUNK = 1 << 16
SOCKET_TIMEOUT = 30


@dataclass(frozen=True)
class Fault:
    action: str
    nth: int = 1  # the Nth request of that action (1-based)
    kind: str = "500"
    after_bytes: int = 1024  # for cut_upload: body bytes forwarded before the cut

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault {self.kind}; one of {KINDS}")


@dataclass
class Exchange:
    """One request that went through the proxy, as the log keeps it."""

    action: str
    n: int
    method: str
    status: int | None  # the server's answer (None: it never answered)
    fault: str | None = None
    multipart: bool = False


def _action_of(path: str) -> str:
    parts = urlsplit(path).path.strip("/").split("/")
    if len(parts) >= 3 and parts[0] == "api" and parts[-2] == "action":
        return parts[-1]
    return "download"


def _read_head(conn: socket.socket) -> tuple[bytes, bytes] | None:
    """(request head up to the blank line, body bytes read past it); None when the client closed."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(CHUNK)
        if not chunk:
            return None
        data += chunk
        if len(data) > 1 << 20:
            raise ValueError("request head too large")
    head, _, rest = data.partition(b"\r\n\r\n")
    return head + b"\r\n\r\n", rest


def _headers(head: bytes) -> tuple[str, str, dict[str, str]]:
    lines = head.decode("latin-1").split("\r\n")
    method, path, _ = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    return method, path, headers


def _with_connection_close(head: bytes) -> bytes:
    """The request head with `Connection: close`: one upstream connection per request, read to its end."""
    lines = [line for line in head.decode("latin-1").split("\r\n")[:-2] if not line.lower().startswith("connection:")]
    return ("\r\n".join(lines + ["Connection: close"]) + "\r\n\r\n").encode("latin-1")


def _error_500(action: str) -> bytes:
    body = json.dumps({"help": "", "success": False,
                       "error": {"__type": "Internal Server Error", "message": f"injected fault in {action}"}}).encode()
    return (b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n"
            b"Content-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)


@dataclass
class FaultProxy:
    """`with FaultProxy(upstream, [Fault("resource_create", 2, "drop_response")]) as proxy:` then talk to
    `proxy.url`; `proxy.log` lists every exchange, `proxy.counts` the requests per action."""

    upstream: str
    faults: list[Fault] = field(default_factory=list)
    observe: Callable[[str, int], None] | None = None
    lifetime: float = 120.0
    log: list[Exchange] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    errors: list[BaseException] = field(default_factory=list)  # observer failures, re-raised on exit

    def __enter__(self) -> FaultProxy:
        target = urlsplit(self.upstream)
        self._upstream = (target.hostname, target.port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._deadline = time.monotonic() + self.lifetime
        self._thread = threading.Thread(target=self._serve, name="fault-proxy", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        self._listener.close()
        if self.errors and exc[0] is None:
            raise self.errors[0]

    @property
    def faults_fired(self) -> list[Exchange]:
        return [e for e in self.log if e.fault]

    def _serve(self) -> None:
        while not self._stop.is_set() and time.monotonic() < self._deadline:
            try:
                client, _ = self._listener.accept()
            except (TimeoutError, socket.timeout):
                continue
            except OSError:
                return
            threading.Thread(target=self._handle, args=(client,), name="fault-proxy-conn", daemon=True).start()

    def _fault_for(self, action: str) -> tuple[int, Fault | None]:
        with self._lock:
            self.counts[action] += 1
            n = self.counts[action]
        return n, next((f for f in self.faults if f.action == action and f.nth == n), None)

    def _handle(self, client: socket.socket) -> None:
        client.settimeout(SOCKET_TIMEOUT)
        try:
            with client:
                request = _read_head(client)
                if request is None:
                    return
                head, body_start = request
                method, path, headers = _headers(head)
                if "chunked" in headers.get("transfer-encoding", "").lower():
                    raise ValueError("the fault proxy forwards bodies with a Content-Length only")
                action = _action_of(path)
                n, fault = self._fault_for(action)
                exchange = Exchange(action, n, method, None, fault.kind if fault else None,
                                    headers.get("content-type", "").startswith("multipart/"))
                with self._lock:
                    self.log.append(exchange)
                if fault is not None and fault.kind == "500":
                    client.sendall(_error_500(action))
                    return
                if fault is not None and fault.kind == "refuse":
                    return  # closed before anything was forwarded
                length = int(headers.get("content-length") or 0)
                self._forward(client, head, body_start, length, exchange, fault)
        except (OSError, ValueError) as exc:  # a client that went away mid-way: nothing to answer
            if not isinstance(exc, OSError):
                self.errors.append(exc)

    def _forward(self, client: socket.socket, head: bytes, body_start: bytes, length: int, exchange: Exchange,
                 fault: Fault | None) -> None:
        limit = fault.after_bytes if fault is not None and fault.kind == "cut_upload" else None
        with socket.create_connection(self._upstream, timeout=SOCKET_TIMEOUT) as upstream:
            upstream.sendall(_with_connection_close(head))
            sent, pending = 0, body_start
            while sent < length:
                if not pending:
                    pending = client.recv(CHUNK)
                    if not pending:
                        return  # the client went away mid-upload
                piece = pending[:length - sent]
                if limit is not None and sent + len(piece) >= limit:
                    upstream.sendall(piece[:limit - sent])
                    return  # both connections close here, mid-body
                upstream.sendall(piece)
                sent += len(piece)
                pending = b""
            response = self._read_response(upstream)
        exchange.status = int(response.split(b" ", 2)[1]) if response.startswith(b"HTTP/") else None
        if self.observe is not None and exchange.action != "download":
            try:
                self.observe(exchange.action, exchange.n)
            except BaseException as exc:  # an assertion of the test: report it when the proxy stops
                self.errors.append(exc)
        if fault is not None and fault.kind == "drop_response":
            return  # the server has answered; the client never hears it
        client.sendall(response)

    @staticmethod
    def _read_response(upstream: socket.socket) -> bytes:
        # the catalog's answers are small JSON or test-sized files: read to the end (Connection: close)
        chunks = []
        while chunk := upstream.recv(CHUNK):
            chunks.append(chunk)
        return b"".join(chunks)
