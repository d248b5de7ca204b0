"""A static file server on the loopback interface: `invoke serve`, screenshots, tests, bench.

The standard library's threaded server, silent, with the media types browsers insist
on for modules, workers and WebAssembly. Only for local use: it binds 127.0.0.1.
"""

from __future__ import annotations

from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
import sys
import threading
from typing import Any

LOOPBACK = "127.0.0.1"


class QuietHandler(SimpleHTTPRequestHandler):
    """Serve files without logging each request; scripts, JSON and WebAssembly with their types."""

    extensions_map = {  # noqa: RUF012 (the base class declares it as a plain dict too)
        **SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".json": "application/json",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass


class QuietServer(ThreadingHTTPServer):
    """A browser that leaves a page cancels its downloads: not an error worth a traceback."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class LocalServer:
    """A folder served over HTTP on 127.0.0.1; port 0 picks a free port."""

    def __init__(self, folder: str | Path, port: int = 0) -> None:
        self.httpd = QuietServer((LOOPBACK, port), partial(QuietHandler, directory=str(folder)))
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The server's address, without a trailing slash."""
        return f"http://{LOOPBACK}:{self.httpd.server_address[1]}"

    def start(self) -> LocalServer:
        """Serve from a background thread (tests, screenshots, bench)."""
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in the foreground until Ctrl+C (`invoke serve`)."""
        try:
            self.httpd.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            self.httpd.server_close()

    def stop(self) -> None:
        """Stop serving and free the port."""
        if self._thread is not None:
            self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
