"""The loopback server of `invoke serve`, the screenshots, the tests and the bench."""

from __future__ import annotations

import socket
import struct
import time
import urllib.error
import urllib.request

from portal_core.server import LocalServer
import pytest


def test_serves_a_folder_with_script_types_then_frees_the_port(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("<p>ici</p>", encoding="utf-8")
    (tmp_path / "w.js").write_text("1;", encoding="utf-8")
    with LocalServer(tmp_path) as server:
        assert server.url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(f"{server.url}/a/") as response:
            assert response.read() == b"<p>ici</p>"
        with urllib.request.urlopen(f"{server.url}/w.js") as response:
            assert response.headers["Content-Type"] == "text/javascript"
        with pytest.raises(urllib.error.HTTPError, match="404"):
            urllib.request.urlopen(f"{server.url}/absent/")
        url = server.url
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"{url}/a/", timeout=2)


def test_a_client_that_leaves_mid_download_prints_no_traceback(tmp_path, capfd):
    body = b"[" + b"0," * 4_000_000 + b"0]"
    (tmp_path / "big.json").write_bytes(body)
    with LocalServer(tmp_path) as server:
        port = int(server.url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port)) as client:
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # reset on close
            client.sendall(b"GET /big.json HTTP/1.1\r\nHost: localhost\r\n\r\n")
            client.recv(1024)
        time.sleep(0.5)  # the server's thread meets the closed connection
        with urllib.request.urlopen(f"{server.url}/big.json") as response:  # and still serves
            assert response.read() == body
    assert "Traceback" not in capfd.readouterr().err
