"""What the web server was started with."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_PORT = 8765
MAX_UPLOAD_MB = 1024  # one batch's inbox, all files together
MAX_FILES = 5000  # files in one batch's inbox
MAX_NAMED_LIST_BYTES = 1024 * 1024  # a 命名名单 sent for import (kept in memory, never spooled to disk)


def default_data_dir() -> Path:
    """The work area: ``$HUISHEN_WEB_DIR``, else ``$XDG_DATA_HOME/huishen/web``, else ~/.local/share/huishen/web."""
    if os.environ.get("HUISHEN_WEB_DIR"):
        return Path(os.environ["HUISHEN_WEB_DIR"])
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "huishen" / "web"


def is_loopback(host: str) -> bool:
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass
class WebSettings:
    data_dir: Path = field(default_factory=default_data_dir)
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    token: str | None = None  # required (checked on every request) when host is not a loopback address
    folders: list[Path] = field(default_factory=list)  # output folders of earlier CLI runs, listed too
    max_upload_bytes: int = MAX_UPLOAD_MB * 1024 * 1024
    max_files: int = MAX_FILES
    jobs: int | None = None  # worker processes for runs (None: all cores; 0: in the server's process)
    registry_url: str | None = None
    # Host headers accepted (DNS rebinding): None accepts any (tests); ``serve`` sets the bound address's.
    allowed_hosts: set[str] | None = None

    def check(self) -> str:
        """"" when the settings can be used; otherwise why not (Chinese)."""
        if not is_loopback(self.host) and not self.token:
            return (f"在 {self.host} 上提供网页时，同一网络中的其他人也能打开它：请用 --token 设置访问口令"
                    "（打开网页时需要输入），或不指定 --host（只在本机 127.0.0.1 上提供）。")
        if self.token is not None and len(self.token) < 8:
            return "访问口令至少 8 个字符。"
        return ""
