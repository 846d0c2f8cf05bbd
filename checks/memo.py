"""Results of slow text work kept by key (evidence verdicts, near-copy fingerprints): the pipeline preloads
what its cache holds and stores what is new, so a re-run computes only for texts it has not seen."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Memo(Generic[T]):
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._known: dict[str, T] = {}
        self._new: dict[str, T] = {}

    def preload(self, items: dict[str, T]) -> None:
        with self._lock:
            self._known.update(items)

    def take_new(self) -> dict[str, T]:
        """What was computed since the last call (for the cache), and forget that it was new."""
        with self._lock:
            out = dict(self._new)
            self._new.clear()
        return out

    def get(self, key: str, compute: Callable[[], T]) -> T:
        with self._lock:
            value = self._known.get(key)
        if value is None:
            value = compute()
            with self._lock:
                self._known[key] = self._new[key] = value
        return value
