"""bench/build_bench.py: its timers leave the site unchanged, and its verdicts follow the targets."""

from __future__ import annotations

from pelican import Pelican
from support import file_tree, page, site_settings, write_files

from bench import build_bench


def test_step_timers_change_nothing_in_the_output(tmp_path, monkeypatch):
    write_files(tmp_path, {"initiatives/potager.md": page()})
    # No cache of per-file work: both builds check and render every file.
    Pelican(site_settings(tmp_path, OUTPUT_PATH=str(tmp_path / "plain"), PORTAL_CACHE_DIR="")).run()
    clock = build_bench.StepClock()
    clock.install(monkeypatch.setattr)
    Pelican(site_settings(tmp_path, OUTPUT_PATH=str(tmp_path / "timed"), PORTAL_CACHE_DIR="")).run()
    assert file_tree(tmp_path / "timed") == file_tree(tmp_path / "plain")
    timed = {label for label, seconds in clock.totals.items() if seconds > 0}
    assert {
        "lecture : validation",
        "index de recherche",
        "carte des départements",
        "sitemap, robots.txt et favicon.ico",
    } <= timed


def test_step_times_are_exclusive(monkeypatch):
    now = [0.0]
    monkeypatch.setattr(build_bench.time, "perf_counter", lambda: now[0])
    monkeypatch.setattr(build_bench.time, "process_time", lambda: now[0] / 2)

    def spend(seconds):
        now[0] += seconds

    clock = build_bench.StepClock()
    inner = clock.wrap("intérieur", spend)
    outer = clock.wrap("extérieur", lambda: [spend(1), inner(2), inner(2), spend(1)])
    outer()
    assert dict(clock.totals) == {"intérieur": 4.0, "extérieur": 2.0}
    assert dict(clock.cpu) == {"intérieur": 2.0, "extérieur": 1.0}
    assert clock.figures("reste", wall=10.0, cpu=5.0) == {
        "intérieur": [4.0, 2.0],
        "extérieur": [2.0, 1.0],
        "reste": [4.0, 2.0],
    }


def run(wall: float, cpu: float | None = None, peak_mb: float = 100.0) -> build_bench.Run:
    return build_bench.Run(wall=wall, cpu=wall if cpu is None else cpu, peak_mb=peak_mb)


def test_targets_pass_and_fail_on_the_issue_figures():
    edit = {"edit_seconds": 1.5, "edit_seen": True}
    results = [
        build_bench.SizeResult(1000, run(10.0), run(2.0), edit),
        # Wall time grew 4.5×, CPU time 5.5×: a busy machine can hide growth in wall time.
        build_bench.SizeResult(5000, run(45.0, cpu=55.0, peak_mb=500), run(20.0, peak_mb=600)),
    ]
    verdicts = {
        label: passed for label, passed, _ in build_bench.targets(results, {"edit_seconds": 1.2, "edit_seen": True})
    }
    assert verdicts == {
        "construction à 5000 en moins de 3× Hugo": True,  # 2.25×
        "(objectif secondaire) moins de 2× Hugo": False,
        "mémoire max à 5000 pas plus que Hugo": True,
        build_bench.GROWTH: False,
        "modification → site à 1000 en moins de 2 s": True,
        "modification → site sur le contenu réel en moins de 1 s": False,
    }
    without_hugo = [build_bench.SizeResult(5000, run(55.0), None)]
    assert build_bench.targets(without_hugo, None)[0][1] is None
