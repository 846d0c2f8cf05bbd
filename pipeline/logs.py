"""Technical log records (tracebacks of a file a reader could not handle, a check that failed): kept in a log
file in the output folder, never printed on the terminal, where one Chinese line says where to find them.

The worker processes write to the same file (append mode; ``HUISHEN_LOG`` names it for them). With
``--verbose`` the records are also shown on the terminal, as before.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

LOG_NAME = "huishen.log"
LOG_ENV = "HUISHEN_LOG"
_FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"


def configure(verbose: bool) -> None:
    """The CLI's logging: records go to the run's log file (``start_file``); on the terminal only with
    ``verbose``. Nothing falls through to Python's last-resort handler (which prints on stderr)."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for h in list(root.handlers):
        root.removeHandler(h)
    if verbose:
        console = logging.StreamHandler()
        console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(console)
    else:
        root.addHandler(logging.NullHandler())
    for noisy in ("jieba", "fontTools", "pdfminer", "PIL", "RapidOCR", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def start_file(out_dir: Path) -> Path | None:
    """Send this process's records, and its workers', to ``out_dir/huishen.log`` (started afresh); None when
    that file cannot be written (then they are dropped: the report holds every finding anyway)."""
    path = out_dir / LOG_NAME
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, mode="w", encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler.setLevel(logging.INFO)
    root = logging.getLogger()
    for h in list(root.handlers):
        if isinstance(h, logging.FileHandler):
            root.removeHandler(h)
            h.close()
    root.addHandler(handler)
    os.environ[LOG_ENV] = str(path)
    return path


def in_worker() -> None:
    """A worker process's logging: appended to the run's log file, else nowhere (never its stderr)."""
    root = logging.getLogger()
    for h in list(root.handlers):
        root.removeHandler(h)
    root.setLevel(logging.INFO)
    path = os.environ.get(LOG_ENV)
    handler: logging.Handler = logging.NullHandler()
    if path:
        try:
            handler = logging.FileHandler(path, mode="a", encoding="utf-8")
            handler.setFormatter(logging.Formatter(_FORMAT))
        except OSError:
            pass
    root.addHandler(handler)


def problems_logged(path: Path | None) -> int:
    """How many warning or error records the log file holds."""
    if path is None:
        return 0
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return 0
    return sum(1 for line in text.splitlines() if " WARNING " in line or " ERROR " in line)
