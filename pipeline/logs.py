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
    logging.captureWarnings(True)  # a library's UserWarning ("wmf image format is not supported") is a record


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
    """A worker process's logging: appended to the run's log file, else nowhere. What a reading library prints
    itself (``print``, or C code writing to stdout/stderr: "0 is out of range") goes there too: a worker never
    writes to the terminal."""
    root = logging.getLogger()
    for h in list(root.handlers):
        root.removeHandler(h)
    root.setLevel(logging.INFO)
    logging.captureWarnings(True)
    path = os.environ.get(LOG_ENV)
    handler: logging.Handler = logging.NullHandler()
    target = os.devnull
    if path:
        try:
            handler = logging.FileHandler(path, mode="a", encoding="utf-8")
            handler.setFormatter(logging.Formatter(_FORMAT))
            target = path
        except OSError:
            pass
    root.addHandler(handler)
    try:
        fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
    except OSError:
        return
    for stream in (1, 2):
        os.dup2(fd, stream)
    os.close(fd)


def problems_logged(path: Path | None) -> int:
    """How many warning or error records the log file holds."""
    if path is None:
        return 0
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return 0
    return sum(1 for line in text.splitlines() if " WARNING " in line or " ERROR " in line)
