"""Results of a pure function kept from one build to the next in the same process.

`invoke livereload` rebuilds the whole site after each edit, in one long-lived process;
most of what a build computes comes from inputs that the edit did not touch. A
`BuildMemo` wraps a function whose result depends on its (hashable) key alone: a key
seen in this build or the previous one gives the value computed then, any other key
is computed. Each user calls `new_build()` once per build, so only the values of the
last two builds are kept. A cold build computes everything, so a rebuild gives the
same bytes as long as the key holds every input of the function.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class BuildMemo(Generic[K, V]):
    """`memo(key)` is `compute(key)`, computed once per key over two consecutive builds."""

    def __init__(self, compute: Callable[[K], V]) -> None:
        self.compute = compute
        self._previous: dict[K, V] = {}
        self._current: dict[K, V] = {}

    def new_build(self) -> None:
        """Start a build: what the build before last computed is dropped."""
        if self._current:
            self._previous, self._current = self._current, {}

    def __call__(self, key: K) -> V:
        if key in self._current:
            return self._current[key]
        value = self._previous.pop(key) if key in self._previous else self.compute(key)
        self._current[key] = value
        return value


class SameInputs(Generic[V]):
    """The value computed from the last inputs, given again while the next inputs are equal.

    For a result computed from the whole content (the exports): its inputs are not
    hashable, but comparing them with `==` (mostly objects unchanged since the last
    build, or equal ones read from the cache) costs a small part of computing it.
    """

    def __init__(self) -> None:
        self._last: tuple[object, V] | None = None

    def __call__(self, inputs: object, compute: Callable[[], V]) -> V:
        if self._last is not None and self._last[0] == inputs:
            return self._last[1]
        value = compute()
        self._last = (inputs, value)
        return value
