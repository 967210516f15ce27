"""A fixture portal: a small threaded HTTP server on 127.0.0.1 with a request log.

A site is a dict of routes: path (with query, if any) → a `Page` (static bytes, ETag and
Last-Modified answered with 304 when the request's validators match) or a callable
`(request) → (status, headers, body)`. Each `Portal` is one origin; two portals are two origins.
"""
from __future__ import annotations

import hashlib
import http.server
import threading
import time
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import parse_qs


@dataclass
class Request:
    started: float           # time.monotonic() when the request line arrived
    method: str
    path: str
    headers: dict[str, str]
    form: dict[str, list[str]] = field(default_factory=dict)
    finished: float | None = None  # time.monotonic() when the answer was written (None: never answered)


@dataclass
class Page:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    validators: bool = True      # send ETag and Last-Modified, answer 304 when they match
    last_modified: str = "Mon, 01 Feb 2021 08:00:00 GMT"

    def answer(self, req: Request) -> tuple[int, dict, bytes]:
        headers = {"Content-Type": self.content_type}
        if self.validators:
            etag = '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'
            headers["ETag"] = etag
            headers["Last-Modified"] = self.last_modified
            if req.headers.get("if-none-match") == etag:
                return 304, {"ETag": etag}, b""
        return 200, headers, self.body


Route = Page | Callable[[Request], tuple[int, dict, bytes]]


class Portal:
    def __init__(self, routes: dict[str, Route] | None = None):
        self.routes: dict[str, Route] = dict(routes or {})
        self.log: list[Request] = []
        self._lock = threading.Lock()
        self.closing = threading.Event()
        portal = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _handle(self, method: str) -> None:
                started = time.monotonic()
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                req = Request(started, method, self.path, {k.lower(): v for k, v in self.headers.items()},
                              parse_qs(raw.decode("utf-8", "replace")) if raw else {})
                with portal._lock:
                    portal.log.append(req)
                route = portal.routes.get(self.path) or portal.routes.get(self.path.split("?")[0])
                if route is None:
                    status, headers, body = 404, {"Content-Type": "text/html"}, b"<html>404</html>"
                elif isinstance(route, Page):
                    status, headers, body = route.answer(req)
                else:
                    status, headers, body = route(req)
                if status is None:  # never answers: hold the connection until the portal closes
                    portal.closing.wait(30)
                    return
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if method != "HEAD":
                        self.wfile.write(body)
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass
                req.finished = time.monotonic()

            def do_GET(self):
                self._handle("GET")

            def do_POST(self):
                self._handle("POST")

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)

    def url(self, path: str) -> str:
        return self.origin + path

    def __enter__(self) -> "Portal":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.closing.set()
        self.server.shutdown()
        self.server.server_close()

    def requests(self, path_prefix: str = "", method: str | None = None) -> list[Request]:
        with self._lock:
            return [r for r in self.log if r.path.startswith(path_prefix) and (method is None or r.method == method)]

    def overlaps(self) -> int:
        """Requests that arrived while the previous one was still being answered. (A request that is
        never answered is not counted: the client gave up on it.)"""
        with self._lock:
            log = sorted(self.log, key=lambda r: r.started)
        return sum(1 for a, b in zip(log, log[1:]) if a.finished is not None and b.started < a.finished)

    def gaps(self) -> list[float]:
        """Seconds between consecutive request starts."""
        with self._lock:
            starts = sorted(r.started for r in self.log)
        return [b - a for a, b in zip(starts, starts[1:])]
