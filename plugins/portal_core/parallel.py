"""Work moved to the machine's other cores: how many there are, from what size it pays,
and a computation run in a forked child while the build goes on.

A forked child starts with a copy of the build's memory (shared until written), so it
needs nothing sent to it; only its result comes back, pickled through a pipe. Its
exception too: `result()` raises it in the build's process, where the sequential build
would have raised it.
"""

from __future__ import annotations

from collections.abc import Callable
import os
import pickle
import signal
import traceback
from typing import Generic, TypeVar

# Below this many files or articles, forking costs more than the other cores save.
MIN_ITEMS = 64

T = TypeVar("T")


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
