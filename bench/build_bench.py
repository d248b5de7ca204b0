"""Benchmark the site build against Hugo on synthetic corpora (issue #14, « Performances »).

    apt-get install hugo                                   # Debian's Hugo, once (0.111 on bookworm)
    .venv/bin/python bench/build_bench.py                  # 1 000 and 5 000 initiatives, several minutes
    .venv/bin/python bench/build_bench.py --sizes 1000     # one size
    .venv/bin/python bench/build_bench.py --sizes 200 --json bench/results/build.json

For each size: generate a corpus (bench/synthetic_corpus.py), build it cold with the real
pelicanconf.py in a fresh process, then with Hugo (the minimal site of bench/hugo/: same
Markdown files, one taxonomy). Each build runs in a child process whose own resource
usage (os.wait4) gives CPU time and peak memory. Our child also times the build's steps,
by wrapping the generators' and plugins' functions before Pelican starts (the output is
the same: nothing but timers is added). Then the time from saving one edited fiche to the
rebuilt site, as `invoke livereload` rebuilds it (in the same, warm process, with the
atomic build of tasks.py), on the real content and on each size up to 1 000.
Targets of the issue: PASS/FAIL at the end. The machine's load shows in every figure.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from dataclasses import asdict, dataclass, field
import functools
import importlib
import json
import os
from pathlib import Path
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
HUGO_SITE = BENCH / "hugo"
HUGO_INSTALL = "apt-get install hugo (paquet Debian ; sudo si vous n'êtes pas root)"
EDIT_SIZES_MAX = 1000
EDIT_SENTENCE = "Phrase ajoutée par le banc de mesure pour chronométrer une reconstruction."

# Steps of our build: (label, module, class or None, function names). Times are
# exclusive: a step called inside another one is not counted twice.
LOADING = "chargement des registres, du schéma et du référentiel"
STEPS = (
    (LOADING, "portal_core.validation", None, ("load_registry", "load_gazetteer", "load_validator")),
    (LOADING, "portal_taxonomy.generator", None, ("load_registry", "load_gazetteer")),
    (LOADING, "portal_theme.plugin", None, ("load_registry",)),
    (LOADING, "portal_opendata.generator", None, ("load_registry",)),
    # On a cold build, the workers check and render the fiches: wall time, the parent's CPU only.
    ("lecture : processus parallèles (attente)", "portal_reader.plugin", None, ("prefetch_files",)),
    ("lecture : validation", "portal_core.validation", "Checker", ("check_file",)),
    ("lecture : Markdown et nettoyage", "portal_reader.plugin", None, ("render",)),
    ("lecture : texte brut", "portal_reader.plugin", None, ("plain_text",)),
    ("lecture : reste (Pelican)", "pelican.generators", "ArticlesGenerator", ("generate_context",)),
    ("vérifications croisées", "portal_reader.plugin", None, ("check_build",)),
    ("initiatives liées", "portal_taxonomy.generator", None, ("compute_related",)),
    (
        "index (thématiques, territoires, médailles)",
        "portal_taxonomy.generator",
        "TaxonomyGenerator",
        ("generate_context",),
    ),
    ("carte des départements", "portal_taxonomy.generator", None, ("render_map",)),
    ("pages d'index : contexte, carte, flux", "portal_taxonomy.generator", "TaxonomyGenerator", ("generate_output",)),
    ("index de recherche", "portal_search.generator", "SearchGenerator", ("generate_context", "generate_output")),
    ("exports open data", "portal_opendata.generator", "OpenDataGenerator", ("generate_context", "generate_output")),
    ("pages des fiches et accueil : contexte", "pelican.generators", "ArticlesGenerator", ("generate_output",)),
    # Every generator's pages, rendered at its end on every core: the CPU of this process only.
    ("pages (Jinja, sur tous les cœurs)", "portal_theme.pagewriter", "PortalWriter", ("render",)),
    ("sitemap, robots.txt et favicon.ico", "portal_theme.plugin", None, ("root_files",)),
    ("cache des fiches (lecture, écriture)", "portal_core.workcache", "WorkCache", ("_load", "save")),
    ("réglages du thème", "portal_theme.plugin", None, ("configure",)),
    # Livereload only: the changed files moved into the served folder, and the one
    # collection of reference cycles after each rebuild (tasks.rebuild_memory).
    ("mise à jour du site servi (fichiers changés)", "tasks", None, ("sync_tree",)),
    ("ramasse-miettes (une fois par reconstruction)", "gc", None, ("collect",)),
)
STARTUP = "démarrage (imports, réglages, extensions)"
GROWTH = "croissance de 1000 à 5000 pas pire que linéaire (temps CPU ≤ 5×)"
OTHER = "autre (Pelican : copie du thème, pages, fin)"
OTHER_EDIT = "autre (Pelican : réglages, extensions, copie du thème, dossier neuf)"


# --- in the child process: one instrumented build, or a livereload-style edit ------------


class StepClock:
    """Wall and CPU time per step, exclusive of the timed steps it calls.

    CPU time is the steadier figure on a shared machine: wall time also counts the
    time other processes held the cores.
    """

    def __init__(self) -> None:
        self.totals: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)
        self._inner: list[list[float]] = []

    def clear(self) -> None:
        self.totals.clear()
        self.cpu.clear()

    def wrap(self, label: str, function):
        @functools.wraps(function)
        def timed(*args, **kwargs):
            self._inner.append([0.0, 0.0])
            started, cpu_started = time.perf_counter(), time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
                inner_wall, inner_cpu = self._inner.pop()
                self.totals[label] += wall - inner_wall
                self.cpu[label] += cpu - inner_cpu
                if self._inner:
                    self._inner[-1][0] += wall
                    self._inner[-1][1] += cpu

        return timed

    def figures(self, other: str, wall: float, cpu: float, **first: tuple[float, float]) -> dict:
        """{step: [wall, cpu]} with the untimed rest as `other`."""
        steps = {label: (w, c) for label, (w, c) in first.items()}
        steps.update({label: (self.totals[label], self.cpu[label]) for label in self.totals})
        steps[other] = (wall - sum(w for w, _ in steps.values()), cpu - sum(c for _, c in steps.values()))
        return {label: [round(w, 3), round(c, 3)] for label, (w, c) in steps.items()}

    def install(self, replace=setattr) -> None:
        """Wrap every step's function where Pelican and the plugins will look it up.

        `replace` is `setattr` in the benchmark's child process; a test passes one that
        it undoes afterwards.
        """
        for label, module_name, class_name, names in STEPS:
            owner = importlib.import_module(module_name)
            if class_name:
                owner = getattr(owner, class_name)
            for name in names:
                replace(owner, name, self.wrap(label, getattr(owner, name)))


def child_settings(content: Path, output: Path) -> dict:
    from pelican.settings import read_settings

    # A cold build: an empty cache of per-file work, filled by this build.
    cache = output.with_name(output.name + ".cache")
    shutil.rmtree(cache, ignore_errors=True)
    return read_settings(
        str(ROOT / "pelicanconf.py"),
        override={"PATH": str(content), "OUTPUT_PATH": str(output), "SITEURL": "", "PORTAL_CACHE_DIR": str(cache)},
    )


def child_build(content: Path, output: Path, started: float) -> dict:
    """Build once, with the step timers; return the seconds of each step."""
    from pelican import Pelican

    clock = StepClock()
    clock.install()
    pelican = Pelican(child_settings(content, output))  # plugins register here, so after install()
    ready, cpu_ready = time.perf_counter(), time.process_time()
    # Steps already timed during start-up (theme settings, registries) are not start-up.
    startup = (ready - started - sum(clock.totals.values()), cpu_ready - sum(clock.cpu.values()))
    pelican.run()
    wall, cpu = time.perf_counter() - started, time.process_time()
    steps = clock.figures(OTHER, wall, cpu, **{STARTUP: startup})
    return {"seconds": round(wall, 3), "cpu_seconds": round(cpu, 3), "steps": steps}


def workers_cpu() -> float:
    """CPU seconds of this process's forked workers that have ended (readers, index, pages)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def child_edit(content: Path, output: Path) -> dict:
    """Build as `invoke livereload` starts, save one edited fiche, time the rebuild it triggers."""
    from portal_core import outputsync

    import tasks

    clock = StepClock()
    clock.install()  # before the first build: each rebuild registers the plugins' (wrapped) receivers
    settings_file = str(ROOT / tasks.SETTINGS_FILE_BASE)
    first = time.perf_counter()
    if not tasks.live_rebuild(settings_file, output, str(content)):
        raise RuntimeError("la première construction a échoué")
    cold = time.perf_counter() - first
    clock.clear()
    # A contributor saves seconds after the last build: its scratch folder is gone by then.
    outputsync.wait_removals()
    fiche = sorted((content / "initiatives").glob("*.md"))[0]
    saved, cpu_saved, workers_saved = time.perf_counter(), time.process_time(), workers_cpu()
    fiche.write_text(fiche.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{EDIT_SENTENCE}\n", encoding="utf-8")
    ok = tasks.live_rebuild(settings_file, output, str(content))
    seconds, cpu = time.perf_counter() - saved, time.process_time() - cpu_saved
    workers = workers_cpu() - workers_saved
    page = output / "initiatives" / fiche.stem / "index.html"
    seen = ok and page.exists() and EDIT_SENTENCE in page.read_text(encoding="utf-8")
    return {
        "first_build_seconds": round(cold, 3),
        "edit_seconds": round(seconds, 3),
        "edit_cpu_seconds": round(cpu + workers, 3),
        "edit_workers_cpu_seconds": round(workers, 3),
        "edit_seen": seen,
        "steps": clock.figures(OTHER_EDIT, seconds, cpu),
    }


def child_main(argv: list[str]) -> int:
    """`--child build|edit CONTENT OUTPUT`: print one line of JSON."""
    started = time.perf_counter()
    sys.path[:0] = [str(ROOT), str(ROOT / "plugins")]
    import logging

    logging.basicConfig(level=logging.ERROR)
    mode, content, output = argv[0], Path(argv[1]), Path(argv[2])
    result = child_build(content, output, started) if mode == "build" else child_edit(content, output)
    print(json.dumps(result, ensure_ascii=False))
    return 0


# --- in the parent: corpora, child processes, figures --------------------------------------


@dataclass
class Run:
    """One build in a child process: wall and CPU seconds, peak memory, its JSON output."""

    wall: float
    cpu: float
    peak_mb: float
    output: dict = field(default_factory=dict)


@dataclass
class SizeResult:
    size: int
    ours: Run
    hugo: Run | None
    edit: dict | None = None


def run_child(command: list[str], env: dict | None = None) -> Run:
    """Run a command; measure it with os.wait4, which gives that child's own resource usage."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    if process.returncode:
        raise RuntimeError(f"échec de « {' '.join(command[:3])} … » :\n{stderr[-3000:]}")
    lines = stdout.strip().splitlines()
    output = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}
    # ru_maxrss is in kilobytes on Linux.
    return Run(round(wall, 3), round(usage.ru_utime + usage.ru_stime, 3), round(usage.ru_maxrss / 1024, 1), output)


def our_build(content: Path, output: Path) -> Run:
    return run_child([sys.executable, str(Path(__file__).resolve()), "--child", "build", str(content), str(output)])


def hugo_build(content: Path, work: Path) -> Run | None:
    """Build the same files with Hugo; None when Hugo is not installed."""
    hugo = shutil.which("hugo")
    if hugo is None:
        return None
    env = {**os.environ, "HUGO_RESOURCEDIR": str(work / "resources")}
    command = [hugo, "--quiet", "--noBuildLock", "--source", str(HUGO_SITE), "--contentDir", str(content)]
    command += ["--destination", str(work / "public"), "--cacheDir", str(work / "cache")]
    return run_child(command, env)


def hugo_version() -> str | None:
    hugo = shutil.which("hugo")
    if hugo is None:
        return None
    return subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.strip()


def edit_time(content: Path, work: Path) -> dict:
    """Copy the content, then time one livereload rebuild after an edit, in a fresh process."""
    copy = work / "content"
    shutil.copytree(content, copy)
    command = [sys.executable, str(Path(__file__).resolve()), "--child", "edit", str(copy), str(work / "output")]
    return run_child(command).output


def bench_size(size: int, drafter: object, work: Path, seed: int) -> SizeResult:
    from synthetic_corpus import generate

    content = work / f"corpus-{size}"
    generate(content, size, seed, drafter)
    print(f"[{size}] corpus écrit ; construction du portail…", flush=True)
    ours = our_build(content, work / f"site-{size}")
    print(f"[{size}] portail : {ours.wall:.1f} s ; Hugo…", flush=True)
    hugo = hugo_build(content, work / f"hugo-{size}")
    edit = None
    if size <= EDIT_SIZES_MAX:
        print(f"[{size}] modification d'une fiche…", flush=True)
        edit = edit_time(content, work / f"edit-{size}")
    for folder in (f"site-{size}", f"hugo-{size}", f"edit-{size}"):
        shutil.rmtree(work / folder, ignore_errors=True)
    return SizeResult(size, ours, hugo, edit)


def ratio(ours: float, hugo: float | None) -> float | None:
    return round(ours / hugo, 2) if hugo else None


def num(value: float | None, digits: int = 1, suffix: str = "") -> str:
    return "—" if value is None else f"{value:.{digits}f}{suffix}"


def table(results: list[SizeResult]) -> str:
    lines = [
        "| initiatives | outil | temps réel | CPU | mémoire max | ms par initiative | rapport à Hugo |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        hugo_wall = r.hugo.wall if r.hugo else None
        for name, run in (("portail", r.ours), ("Hugo", r.hugo)):
            if run is None:
                lines.append(f"| {r.size} | {name} | absent : {HUGO_INSTALL} | | | | |")
                continue
            lines.append(
                f"| {r.size} | {name} | {run.wall:.2f} s | {run.cpu:.2f} s | {run.peak_mb:.0f} Mo "
                f"| {1000 * run.wall / r.size:.2f} | {num(ratio(run.wall, hugo_wall), 2, '×')} |"
            )
    return "\n".join(lines)


def breakdown(columns: list[tuple[str, dict, float]]) -> str:
    """One row per step, one column per build: (name, {step: [wall, cpu]}, total wall seconds)."""
    lines = ["| étape | " + " | ".join(f"{name} : réel (%), CPU" for name, *_ in columns) + " |"]
    lines.append("| --- |" + " --- |" * len(columns))
    labels = [STARTUP, *dict.fromkeys(label for label, *_ in STEPS), OTHER, OTHER_EDIT]
    for label in labels:
        if not any(label in steps for _, steps, _ in columns):
            continue
        cells = []
        for _, steps, total in columns:
            wall, cpu = steps.get(label, (0.0, 0.0))
            cells.append(f"{wall:.2f} s ({100 * wall / total:.0f} %), {cpu:.2f} s")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def edit_rows(real: dict | None, results: list[SizeResult]) -> list[tuple[str, dict]]:
    """The edits measured: (name, figures of the child), real content first."""
    rows = [("contenu réel", real)] + [(f"{r.size} initiatives", r.edit) for r in results]
    return [(name, edit) for name, edit in rows if edit]


def edits(rows: list[tuple[str, dict]]) -> str:
    lines = []
    for name, edit in rows:
        seen = "visible dans la page" if edit["edit_seen"] else "NON visible dans la page"
        lines.append(
            f"  {name} : {edit['edit_seconds']:.2f} s de l'enregistrement au site reconstruit "
            f"(CPU {edit['edit_cpu_seconds']:.2f} s, dont {edit.get('edit_workers_cpu_seconds', 0):.2f} s "
            f"dans les processus parallèles, {seen}) ; "
            f"première construction du processus : {edit['first_build_seconds']:.2f} s"
        )
    return "\n".join(lines)


def targets(results: list[SizeResult], real: dict | None) -> list[tuple[str, bool | None, str]]:
    by_size = {r.size: r for r in results}
    checks: list[tuple[str, bool | None, str]] = []
    big, small = by_size.get(5000), by_size.get(1000)
    if big:
        factor = ratio(big.ours.wall, big.hugo.wall if big.hugo else None)
        checks.append(
            (
                "construction à 5000 en moins de 3× Hugo",
                None if factor is None else factor <= 3,
                f"{num(factor, 2, '×')}",
            )
        )
        checks.append(
            (
                "(objectif secondaire) moins de 2× Hugo",
                None if factor is None else factor <= 2,
                f"{num(factor, 2, '×')}",
            )
        )
        hugo_mb = big.hugo.peak_mb if big.hugo else None
        checks.append(
            (
                "mémoire max à 5000 pas plus que Hugo",
                None if hugo_mb is None else big.ours.peak_mb <= hugo_mb,
                f"{big.ours.peak_mb:.0f} Mo contre {num(hugo_mb, 0, ' Mo')}",
            )
        )
    if big and small:
        # CPU time: the wall time of one size alone can double when the machine is busy.
        growth, wall_growth = big.ours.cpu / small.ours.cpu, big.ours.wall / small.ours.wall
        checks.append((GROWTH, growth <= 5, f"CPU {growth:.2f}× (temps réel {wall_growth:.2f}×)"))
    if small and small.edit:
        seconds = small.edit["edit_seconds"]
        checks.append(
            ("modification → site à 1000 en moins de 2 s", seconds < 2 and small.edit["edit_seen"], f"{seconds:.2f} s")
        )
    if real:
        seconds = real["edit_seconds"]
        checks.append(
            (
                "modification → site sur le contenu réel en moins de 1 s",
                seconds < 1 and real["edit_seen"],
                f"{seconds:.2f} s",
            )
        )
    return checks


def report(results: list[SizeResult], real: dict | None) -> str:
    lines = ["Construction complète, à froid (processus neuf) :", table(results), ""]
    builds = [(str(r.size), r.ours.output["steps"], r.ours.output["seconds"]) for r in results]
    lines += ["Étapes de notre construction (temps exclusifs) :", breakdown(builds), ""]
    rows = edit_rows(real, results)
    lines += ["Modification d'une fiche (comme « invoke livereload », processus déjà chaud) :", edits(rows), ""]
    columns = [(name, edit["steps"], edit["edit_seconds"]) for name, edit in rows]
    lines += ["Étapes de la reconstruction après modification :", breakdown(columns), ""]
    lines.append("Objectifs (issue #14) :")
    for label, passed, figures in targets(results, real):
        verdict = {True: "PASS", False: "FAIL", None: "FAIL (non mesuré)"}[passed]
        lines.append(f"  {verdict:<18} {label} — {figures}")
    return "\n".join(lines)


def machine() -> dict:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        lines = cpuinfo.read_text().splitlines()
        model = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), "")
    return {"cpu": model, "cores": os.cpu_count(), "python": platform.python_version(), "hugo": hugo_version()}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        return child_main(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000], help="tailles des corpus (1000 5000)")
    parser.add_argument("--json", type=Path, help="écrire tous les chiffres dans ce fichier JSON")
    parser.add_argument("--seed", type=int, default=1, help="graine du corpus synthétique")
    parser.add_argument("--keep", action="store_true", help="garder les corpus dans le dossier temporaire")
    parser.add_argument("--strict", action="store_true", help="code de sortie 1 si un objectif est manqué")
    args = parser.parse_args(argv)
    if shutil.which("hugo") is None:
        print(
            f"Hugo est absent : les rapports à Hugo ne seront pas mesurés. Installez-le : {HUGO_INSTALL}",
            file=sys.stderr,
        )
    sys.path[:0] = [str(BENCH), str(ROOT / "plugins")]
    import machine as bench_machine
    from synthetic_corpus import CorpusDrafter

    load_before = os.getloadavg()[0]
    work = Path(tempfile.mkdtemp(prefix="build-bench-"))
    try:
        print("Modification d'une fiche du contenu réel…", flush=True)
        real = edit_time(ROOT / "content", work / "edit-real")
        drafter = CorpusDrafter(args.seed)
        results = [bench_size(size, drafter, work, args.seed) for size in sorted(args.sizes)]
    finally:
        if args.keep:
            print(f"Corpus gardés dans {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    load_after = os.getloadavg()[0]
    info = machine()
    print()
    print(report(results, real))
    print(
        f"\nMachine : {info['cpu']}, {info['cores']} cœurs, Python {info['python']} ; {info['hugo'] or 'Hugo absent'}"
    )
    print(f"Charge de la machine (moyenne sur 1 min) : {load_before:.1f} au début, {load_after:.1f} à la fin.")
    checks = targets(results, real)
    if args.json:
        payload = {
            "git": bench_machine.git_state(),
            "machine": info,
            "load_average": {"start": load_before, "end": load_after},
            "seed": args.seed,
            "real_content_edit": real,
            "results": [asdict(r) for r in results],
            "targets": [{"target": label, "passed": passed, "figures": figures} for label, passed, figures in checks],
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"\nChiffres écrits dans {args.json}")
    return 1 if args.strict and any(passed is not True for _, passed, _ in checks) else 0


if __name__ == "__main__":
    sys.exit(main())
