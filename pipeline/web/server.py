"""``huishen serve``: the page on http://127.0.0.1:<port>/ through uvicorn, and the browser opened on it."""

from __future__ import annotations

import logging
import socket
import threading
import webbrowser
from collections.abc import Callable

from pipeline.web.settings import WebSettings, is_loopback

_log = logging.getLogger(__name__)


class ServeError(Exception):
    """The server cannot start; Chinese."""


def url_of(settings: WebSettings, with_token: bool = True) -> str:
    host = "127.0.0.1" if settings.host in ("0.0.0.0", "::") else settings.host
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    url = f"http://{host}:{settings.port}/"
    if with_token and settings.token:
        url += f"?token={settings.token}"
    return url


def allowed_hosts(settings: WebSettings) -> set[str] | None:
    """The Host headers a browser sends for this server. With a token (another machine's address, a name,
    a proxy) the token guards it and any Host is accepted."""
    if settings.token:
        return None
    port = settings.port
    names = {settings.host, "127.0.0.1", "localhost", "[::1]"} if is_loopback(settings.host) else {settings.host}
    return {f"{n}:{port}" for n in names} | ({f"{n}" for n in names} if port == 80 else set())


def check_port(settings: WebSettings) -> None:
    family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((settings.host, settings.port))
        except OSError as e:
            raise ServeError(f"端口 {settings.port} 无法使用（{e.strerror or e}）：可能已有一个汇审网页在运行，"
                             f"请直接打开 {url_of(settings, False)}，或用 --port 换一个端口") from e


def serve(settings: WebSettings, open_browser: bool = True, on_ready: Callable[[str], None] | None = None) -> None:
    """Run until Ctrl-C. ServeError when the settings or the port cannot be used."""
    import uvicorn

    from pipeline.web.app import build_app

    problem = settings.check()
    if problem:
        raise ServeError(problem)
    check_port(settings)
    settings.allowed_hosts = allowed_hosts(settings)
    app = build_app(settings)
    config = uvicorn.Config(app, host=settings.host, port=settings.port, log_level="warning", access_log=False,
                            lifespan="on", timeout_graceful_shutdown=5)
    server = uvicorn.Server(config)
    url = url_of(settings)

    def when_started() -> None:
        for _ in range(200):
            if server.started:
                break
            threading.Event().wait(0.05)
        if on_ready is not None:
            on_ready(url)
        if open_browser:
            try:
                webbrowser.open(url)
            except Exception as e:  # noqa: BLE001 — no browser here: the address is printed anyway
                _log.info("无法打开浏览器：%s", e)

    threading.Thread(target=when_started, name="huishen-open-browser", daemon=True).start()
    server.run()
