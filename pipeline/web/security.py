"""Every request passes here first (pure ASGI, so uploads stream through untouched):

- the Host header must be the address the server was started on (a page elsewhere cannot reach this one
  through a DNS name of its own that points at 127.0.0.1);
- with a token (required off the loopback address), every request carries it: in a cookie set when the page
  is first opened with ``?token=…``, or as ``Authorization: Bearer …``;
- a request that changes anything (POST, PUT, DELETE) must come from this page itself: its Origin (else its
  Referer) is this server's; a browser's cross-site request is refused;
- every response carries a strict Content-Security-Policy (scripts, styles, images and fonts from this server
  only; no inline script), and refuses framing and content sniffing.
"""

from __future__ import annotations

import html
import secrets
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode, urlsplit

from pipeline.web.settings import WebSettings

COOKIE = "huishen_token"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
MAX_FORM_BYTES = 2 * 1024 * 1024  # a POST (a decision, a 命名名单 of at most 1 MB); uploads are PUT, capped apart
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]


def _page(status: int, title: str, text: str) -> bytes:
    return (f"<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            f"<body><h1>{html.escape(title)}</h1><p>{html.escape(text)}</p></body></html>").encode()


class Guard:
    def __init__(self, app, settings: WebSettings):
        self.app = app
        self.settings = settings

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        host = headers.get("host", "")
        method = scope.get("method", "GET").upper()
        allowed = self.settings.allowed_hosts
        if allowed is not None and host.lower() not in allowed:
            return await _refuse(send, 400, "地址不对", f"请用 http://{next(iter(sorted(allowed)), '')}/ 打开汇审。")
        token = self.settings.token
        if token:
            query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
            given = query.get("token")
            if given is not None and method in SAFE_METHODS:
                if not secrets.compare_digest(given.encode(), token.encode()):
                    return await _refuse(send, 401, "访问口令不对", "请核对启动汇审时设置的访问口令。")
                rest = urlencode([(k, v) for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1"))
                                  if k != "token"])
                location = scope.get("path", "/") + (f"?{rest}" if rest else "")
                cookie = f"{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
                await send({"type": "http.response.start", "status": 303,
                            "headers": [(b"location", location.encode("utf-8")), (b"set-cookie", cookie.encode()),
                                        *SECURITY_HEADERS]})
                return await send({"type": "http.response.body", "body": b""})
            if not self._has_token(headers, token):
                return await _refuse(send, 401, "需要访问口令",
                                     "这个汇审网页设置了访问口令：请使用启动时给出的完整地址（含 ?token=…）打开。")
        if method not in SAFE_METHODS and not _same_origin(headers, host, scope.get("scheme", "http")):
            return await _refuse(send, 403, "请求被拒绝",
                                 "只接受来自汇审网页本身的操作（来源不是本网页），请在汇审网页中重新操作。")
        if method == "POST" and _length(headers) > MAX_FORM_BYTES:  # forms are small; files come by PUT, capped
            return await _refuse(send, 413, "提交的内容过大", f"表单内容不能超过 {MAX_FORM_BYTES // 1024 // 1024} MB。")

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS]}
            await send(message)

        return await self.app(scope, receive, send_with_headers)

    @staticmethod
    def _has_token(headers: dict[str, str], token: str) -> bool:
        auth = headers.get("authorization", "")
        if auth.lower().startswith("bearer ") and secrets.compare_digest(auth[7:].strip().encode(), token.encode()):
            return True
        jar = SimpleCookie()
        try:
            jar.load(headers.get("cookie", ""))
        except Exception:  # noqa: BLE001 — a malformed cookie header is no token
            return False
        got = jar.get(COOKIE)
        return got is not None and secrets.compare_digest(got.value.encode(), token.encode())


def _same_origin(headers: dict[str, str], host: str, scheme: str) -> bool:
    """The request comes from a page of this server: its Origin, else its Referer, names this host. A browser
    always sends one of them with a form or a fetch that changes something; neither is refused."""
    if headers.get("sec-fetch-site") in ("cross-site", "same-site"):
        return False
    origin = headers.get("origin")
    if origin is not None:
        return origin != "null" and _host_of(origin) == host.lower() and urlsplit(origin).scheme == scheme
    referer = headers.get("referer")
    if referer:
        return _host_of(referer) == host.lower()
    return False


def _length(headers: dict[str, str]) -> int:
    try:
        return int(headers.get("content-length", "0"))
    except ValueError:
        return 0


def _host_of(url: str) -> str:
    try:
        return urlsplit(url).netloc.lower()
    except ValueError:
        return ""


async def _refuse(send, status: int, title: str, text: str) -> None:
    body = _page(status, title, text)
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/html; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})
