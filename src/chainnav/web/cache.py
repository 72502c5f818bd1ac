"""A small in-process cache of page data, emptied whenever the server itself changes the store.

A served store changes only through this process: a read-only DuckDB file cannot be opened for
writing by another process, and a writable one is locked by this one. So every page result stays
valid until an admin action (import, classification) writes, which calls ``clear()``.

Misses are single-flight: while one request computes a page, other requests for the same page wait
for that result instead of computing it again (32 clients opening a popular page at once cost one
computation, not 32).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

HIT, COALESCED, MISS = "hit", "coalesced", "miss"


@dataclass
class _Flight:
    """One page being computed: the requests waiting for it read its value (or error) when ``done``."""

    done: threading.Event = field(default_factory=threading.Event)
    value: Any = None
    error: BaseException | None = None


class PageCache:
    """Least-recently-used cache of page data keyed by page name and parameters (0 = disabled)."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self.hits = 0
        self.misses = 0
        self.coalesced = 0
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._flights: dict[Hashable, _Flight] = {}
        self._generation = 0  # raised by clear(), so a result computed before a clear is not kept
        self._lock = threading.Lock()

    def get_or_compute(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        return self.lookup(key, compute)[0]

    def lookup(self, key: Hashable, compute: Callable[[], Any]) -> tuple[Any, str]:
        """The value for ``key`` and how it was found: ``hit``, ``coalesced`` (waited for another
        request's computation) or ``miss`` (computed here). A disabled cache always computes."""
        if self.size <= 0:
            return compute(), MISS
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                return self._items[key], HIT
            flight = self._flights.get(key)
            leader = flight is None
            if flight is None:
                flight = self._flights[key] = _Flight()
            generation = self._generation
        if not leader:
            flight.done.wait()
            if flight.error is not None:
                raise flight.error
            with self._lock:
                self.coalesced += 1
            return flight.value, COALESCED
        try:
            flight.value = compute()
        except BaseException as exc:
            flight.error = exc
            raise
        finally:
            with self._lock:
                self._flights.pop(key, None)
                self.misses += 1
                if flight.error is None and generation == self._generation:
                    self._items[key] = flight.value
                    self._items.move_to_end(key)
                    while len(self._items) > self.size:
                        self._items.popitem(last=False)
            flight.done.set()
        return flight.value, MISS

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._flights.clear()
            self._generation += 1
