"""Work moved to the machine's other cores: how many there are, from what size it pays,
a computation run in a forked child while the build goes on, and a loop shared among
the cores (`map_on_cores`).

A forked child starts with a copy of the build's memory (shared until written), so it
needs nothing sent to it; only its result comes back, pickled through a pipe. Its
exception too: `result()` raises it in the build's process, where the sequential build
would have raised it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
import functools
import os
import pickle
import signal
import traceback
from typing import Generic, TypeVar

# Below this many files or articles, forking costs more than the other cores save.
MIN_ITEMS = 64

T = TypeVar("T")
U = TypeVar("U")


def cores() -> int:
    """The cores this process may run on (one where it cannot fork: all work stays here)."""
    if not hasattr(os, "fork"):
        return 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class ChildLost(RuntimeError):
    """The child ended without a result (killed, out of memory): the work can be done here."""


class Forked(Generic[T]):
    """`function()` computed in a forked child process; `result()` waits for it."""

    def __init__(self, function: Callable[[], T]) -> None:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: compute, send, and leave, whatever happens, without the parent's exit code
            try:
                os.close(read)
                with os.fdopen(write, "wb") as pipe:
                    pipe.write(_outcome(function))
            finally:
                os._exit(0)
        os.close(write)
        self.pid, self.read = pid, read

    def result(self) -> T:
        """The child's result, or its exception raised here."""
        with os.fdopen(self.read, "rb") as pipe:
            data = pipe.read()
        os.waitpid(self.pid, 0)
        if not data:
            raise ChildLost("le processus de calcul parallèle s'est arrêté sans résultat")
        done, value = pickle.loads(data)
        if not done:
            raise value
        return value

    def cancel(self) -> None:
        """Stop the child and forget its result (the build stopped before it needed it)."""
        os.close(self.read)
        os.kill(self.pid, signal.SIGTERM)
        os.waitpid(self.pid, 0)


def _outcome(function: Callable[[], object]) -> bytes:
    try:
        return pickle.dumps((True, function()), protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException as error:  # raised again in the parent, by result()
        try:
            return pickle.dumps((False, error), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # an exception that cannot be pickled: its traceback, as text
            return pickle.dumps((False, RuntimeError(traceback.format_exc())))


# A slice's results, and its first error with the item's position when it failed.
_Slice = tuple[list[U], tuple[int, Exception] | None]


def _run_slice(function: Callable[[T], U], items: Sequence[T], start: int, step: int) -> _Slice[U]:
    results: list[U] = []
    for index in range(start, len(items), step):
        try:
            results.append(function(items[index]))
        except Exception as error:  # the loop stops here, as a sequential loop would
            return results, (index, error)
    return results, None


def map_on_cores(function: Callable[[T], U], items: Sequence[T], minimum: int = MIN_ITEMS) -> list[U]:
    """`[function(item) for item in items]`, the items dealt out to every core.

    Item i goes to process i % n (the build's own process is the first), so costly and
    cheap items are shared alike. Each process stops at its first error, and the error
    raised here is the one of the first failing item in the items' order: the one a
    sequential loop would raise. A worker that dies without a result stops the build
    (`ChildLost`). What a worker changes in its memory stays there: `function` must
    return all it produces, or write it to files. Below `minimum` items, or with one
    core, the loop runs here.
    """
    count = min(cores(), len(items))
    if count < 2 or len(items) < minimum:
        return [function(item) for item in items]
    workers = [Forked(functools.partial(_run_slice, function, items, start, count)) for start in range(1, count)]
    waiting = list(workers)
    try:
        slices = [_run_slice(function, items, 0, count)]
        while waiting:
            slices.append(waiting.pop(0).result())
    except BaseException:
        for worker in waiting:
            worker.cancel()
        raise
    failures = [failure for _, failure in slices if failure is not None]
    if failures:
        raise min(failures, key=lambda failure: failure[0])[1]
    results: list[U] = [None] * len(items)  # type: ignore[list-item]
    for start, (values, _) in enumerate(slices):
        results[start::count] = values
    return results
