"""Pause Python's cyclic garbage collector while building large, cycle-free structures.

Reading, assessing and serialising a province-wide batch allocates millions of small objects
(strings, tuples, dicts); the cyclic collector then runs over and over, scanning a heap that only
grows, which makes these stages grow faster than the number of tasks. Our model has no reference
cycles, so nothing is lost by pausing it; reference counting still frees everything as usual.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from functools import wraps
from typing import Callable, Iterator, TypeVar

F = TypeVar("F", bound=Callable[..., object])


@contextmanager
def paused() -> Iterator[None]:
    """Run the block with the cyclic collector off (restored afterwards, even on error)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def without_gc(function: F) -> F:
    """Decorator form of `paused`."""
    @wraps(function)
    def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
        with paused():
            return function(*args, **kwargs)
    return wrapper  # type: ignore[return-value]
