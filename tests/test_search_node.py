"""The query engine's own tests, run by Node's test runner on the real site's index.

tests/js/ holds them (`node --test tests/js/`): judged queries (recall@10, MRR), the
zero-result rate, typing letter by letter, typos, synonyms, partial matches, ranking and
facet counts against an independent count. This module builds the real site once
(the `real_site` fixture) and runs them, so `make test` runs them too.
"""

from __future__ import annotations

import os
import subprocess

from support import ROOT


def test_node_engine_suite(real_site):
    env = {**os.environ, "PORTAL_SEARCH_INDEX": str(real_site.output / "recherche" / "index")}
    run = subprocess.run(
        ["node", "--test", "--test-reporter=spec", str(ROOT / "tests" / "js")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    print(run.stdout)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "judged queries:" in run.stdout and "✖" not in run.stdout
