"""A tiny keep-alive HTTP client for the web benchmarks: cookies, CSRF login, multipart upload.

Standard library only, so the load generator is a plain second Python process on loopback.
"""

from __future__ import annotations

import http.client
import re
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Response:
    status: int
    body: bytes
    location: str | None
    seconds: float


@dataclass
class Client:
    """One browser-like user: one connection, its own cookies."""

    base: str
    cookies: dict[str, str] = field(default_factory=dict)
    timeout: float = 30.0

    def __post_init__(self) -> None:
        parts = urlsplit(self.base)
        self._host, self._port = parts.hostname or "127.0.0.1", parts.port or 80
        self._conn: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            self._conn = http.client.HTTPConnection(self._host, self._port, timeout=self.timeout)
        return self._conn

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        headers = {"Host": f"{self._host}:{self._port}", "Accept-Language": "zh-CN"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if "csrftoken" in self.cookies:
            headers["X-CSRFToken"] = self.cookies["csrftoken"]
            headers["Referer"] = self.base + "/"
        headers.update(extra or {})
        return headers

    def _remember(self, response: http.client.HTTPResponse) -> None:
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> Response:
        start = time.perf_counter()
        for attempt in (1, 2):
            conn = self._connection()
            try:
                conn.request(method, path, body=body, headers=self._headers(headers))
                raw = conn.getresponse()
                data = raw.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # A keep-alive connection the server closed between requests: reconnect once.
                conn.close()
                self._conn = None
                if attempt == 2:
                    raise
        self._remember(raw)
        if raw.getheader("Connection", "").lower() == "close":
            conn.close()
            self._conn = None
        return Response(raw.status, data, raw.getheader("Location"), time.perf_counter() - start)

    def get(self, path: str, headers: dict[str, str] | None = None) -> Response:
        return self.request("GET", path, headers=headers)

    def post_form(self, path: str, fields: dict[str, str]) -> Response:
        body = urlencode(fields).encode()
        return self.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})

    def post_file(self, path: str, field_name: str, filename: str, data: bytes) -> Response:
        boundary = uuid.uuid4().hex
        token = self.cookies.get("csrftoken", "")
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="{field_name}"; filename="{filename}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        return self.request("POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def login(self, username: str, password: str) -> None:
        page = self.get("/login/")
        match = _CSRF_INPUT.search(page.body.decode())
        if match is None:
            raise RuntimeError("no CSRF token on the login page")
        response = self.post_form(
            "/login/", {"csrfmiddlewaretoken": match.group(1), "username": username, "password": password}
        )
        if response.status != 302:
            raise RuntimeError(f"login as {username} failed ({response.status})")

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
