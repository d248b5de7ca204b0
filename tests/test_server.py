"""The loopback server of `invoke serve`, the screenshots, the tests and the bench."""

from __future__ import annotations

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
