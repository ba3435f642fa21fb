"""A visitor speaking HTTP to one server (or the proxy), keeping its cookies as a browser would."""

import http.client
import re
import secrets
import ssl
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import urlencode


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def header(self, name: str) -> str:
        return self.headers.get(name, "")


@dataclass
class Visitor:
    """Requests to host:port, over TLS when `tls` is a context, from `source` (an address on
    this machine, so the server sees a client other than 127.0.0.1) when given."""

    port: int
    host: str = "127.0.0.1"
    tls: ssl.SSLContext | None = None
    source: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        source = (self.source, 0) if self.source else None
        connection: http.client.HTTPConnection
        if self.tls is not None:
            connection = http.client.HTTPSConnection(
                self.host, self.port, timeout=30, context=self.tls, source_address=source
            )
        else:
            connection = http.client.HTTPConnection(
                self.host, self.port, timeout=30, source_address=source
            )
        sent = {**self.headers, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            answer = Answer(response.status, response.headers, response.read())
        finally:
            connection.close()
        for cookie in answer.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if value in ('""', "") or "Max-Age=0" in cookie:
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value
        return answer

    def get(self, path: str, headers: dict[str, str] | None = None) -> Answer:
        return self.request("GET", path, headers=headers)

    def submit(
        self,
        path: str,
        fields: dict[str, str],
        files: dict[str, tuple[str, bytes, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        """Fill in the form at `path` as a browser would: GET it for the CSRF token, then POST
        `fields` (and `files`: name -> filename, content, type) with it."""
        form = self.get(path, headers=headers)
        assert form.status == 200, (path, form.status)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
        assert token, f"{path} has no CSRF token"
        data = {"csrfmiddlewaretoken": unescape(token[1]), **fields}
        referer = {"Referer": self.origin() + path}
        if files:
            body, content_type = multipart(data, files)
        else:
            body, content_type = urlencode(data).encode(), "application/x-www-form-urlencoded"
        return self.request(
            "POST", path, body, {**referer, "Content-Type": content_type, **(headers or {})}
        )

    def origin(self) -> str:
        """Where the server believes the request comes to: https behind a TLS proxy, or when
        the visitor says so itself as the trusted proxy would (X-Forwarded-Proto)."""
        forwarded = self.headers.get("X-Forwarded-Proto")
        scheme = "https" if self.tls is not None else forwarded or "http"
        return f"{scheme}://{self.host}:{self.port}"


def multipart(
    fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]
) -> tuple[bytes, str]:
    boundary = secrets.token_hex(16)
    parts = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, (filename, content, content_type) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
