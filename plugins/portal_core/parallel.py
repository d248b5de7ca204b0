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
import select
import signal
import traceback
from typing import Any, Generic, TypeVar
import weakref

# Below this many files or articles, forking costs more than the other cores save.
MIN_ITEMS = 64

T = TypeVar("T")
U = TypeVar("U")


def cores() -> int:
    """The cores this process may run on (one where it cannot fork: all work stays here)."""
    if not hasattr(os, "fork"):
        return 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def busy_cores() -> int:
    """Cores taken by this process's children still at work (the search index's)."""
    return sum(job.computing() for job in list(_STARTED))


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
        _STARTED.add(self)

    def computing(self) -> bool:
        """Whether the child is still at work: it writes its result, or dies, only at the end."""
        if self.read < 0:
            return False
        readable, _, _ = select.select([self.read], [], [], 0)
        return not readable

    def result(self) -> T:
        """The child's result, or its exception raised here."""
        _STARTED.discard(self)
        read, self.read = self.read, -1
        with os.fdopen(read, "rb") as pipe:
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
        _STARTED.discard(self)
        os.close(self.read)
        self.read = -1
        os.kill(self.pid, signal.SIGTERM)
        os.waitpid(self.pid, 0)


# Children not waited for yet (weakly: a child forgotten by a stopped build is not kept).
_STARTED: weakref.WeakSet[Forked[Any]] = weakref.WeakSet()


def _outcome(function: Callable[[], object]) -> bytes:
    try:
        return pickle.dumps((True, function()), protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException as error:  # raised again in the parent, by result()
        try:
            return pickle.dumps((False, error), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # an exception that cannot be pickled: its traceback, as text
            return pickle.dumps((False, RuntimeError(traceback.format_exc())))


# What a process did: the results of the items it took, by position, and its first
# error with the item's position when it failed.
_Share = tuple[dict[int, U], tuple[int, Exception] | None]
# Items per chunk: about this many chunks per process, so that a process slowed down
# (by another build on the machine) leaves more chunks to the others.
CHUNKS_PER_CORE = 16
_TOKEN = 4  # bytes of a chunk number in the pipe (reads this small are atomic)


def _run_chunks(function: Callable[[T], U], items: Sequence[T], size: int, first: int, tokens: int) -> _Share[U]:
    """Do chunk `first`, then each chunk read from the pipe `tokens`, until it is empty or an item fails."""
    results: dict[int, U] = {}
    chunk: int | None = first
    while chunk is not None:
        for index in range(chunk * size, min((chunk + 1) * size, len(items))):
            try:
                results[index] = function(items[index])
            except Exception as error:  # this process stops here, as a sequential loop would
                return results, (index, error)
        token = os.read(tokens, _TOKEN)
        chunk = int.from_bytes(token, "little") if token else None
    return results, None


def map_on_cores(function: Callable[[T], U], items: Sequence[T], minimum: int = MIN_ITEMS) -> list[U]:
    """`[function(item) for item in items]`, the items shared among every core.

    The items are cut into chunks; process k (the build's own process is the first)
    does chunk k, then takes the next chunk left, until none is: a process slowed down
    takes fewer. Only the cores no other child is busy on are used (`busy_cores`).
    Each process stops at its first error; a chunk is done in order and chunks are
    taken in order, so every item before the first failing one was done without
    error, and the error raised here is the one a sequential loop would raise. A
    worker that dies without a result stops the build (`ChildLost`). What a worker
    changes in its memory stays there: `function` must return all it produces, or
    write it to files. Below `minimum` items, or with one free core, the loop runs here.
    """
    # A core already at work for a child (the search index) is not shared: forking a big
    # process costs each process a copy of every page it then writes.
    count = min(cores() - busy_cores(), len(items))
    if count < 2 or len(items) < minimum:
        return [function(item) for item in items]
    size = max(1, len(items) // (count * CHUNKS_PER_CORE))
    chunks = -(-len(items) // size)
    read, write = os.pipe()
    try:
        # At most count × CHUNKS_PER_CORE + count tokens: they fit in the pipe before anyone reads.
        os.write(write, b"".join(chunk.to_bytes(_TOKEN, "little") for chunk in range(count, chunks)))
    finally:
        os.close(write)
    try:
        workers = [
            Forked(functools.partial(_run_chunks, function, items, size, first, read)) for first in range(1, count)
        ]
        waiting = list(workers)
        try:
            shares = [_run_chunks(function, items, size, 0, read)]
            while waiting:
                shares.append(waiting.pop(0).result())
        except BaseException:
            for worker in waiting:
                worker.cancel()
            raise
    finally:
        os.close(read)
    failures = [failure for _, failure in shares if failure is not None]
    if failures:
        raise min(failures, key=lambda failure: failure[0])[1]
    done: dict[int, U] = {}
    for results, _ in shares:
        done.update(results)
    return [done[index] for index in range(len(items))]
