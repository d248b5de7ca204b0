"""Tasks of the portal, run with invoke (`invoke --list`). The Makefile sets up first.

Docstrings are in French: invoke shows them to contributors (`invoke --list`, `invoke --help TASK`).
"""

from __future__ import annotations

from collections.abc import Iterator
import contextlib
import datetime
import gc
import logging
import os
from pathlib import Path
import shlex
import shutil
import sys

from invoke import task
from pelican import main as pelican_main
from pelican.contents import Content
from pelican.settings import DEFAULT_CONFIG, get_settings_from_file
from portal_core import chromium
from portal_core.errors import ContentError, InvalidContentError
from portal_core.outputsync import scratch_folder, sync_tree
from portal_core.server import LOOPBACK, LocalServer

ROOT = Path(__file__).resolve().parent
SETTINGS_FILE_BASE = "pelicanconf.py"
SETTINGS = {**DEFAULT_CONFIG, **get_settings_from_file(str(ROOT / SETTINGS_FILE_BASE))}

CONFIG = {
    "settings_base": SETTINGS_FILE_BASE,
    "settings_publish": "publishconf.py",
    "content_path": SETTINGS["PATH"],
    "deploy_path": SETTINGS["OUTPUT_PATH"],
    "host": LOOPBACK,
    "port": 8000,
}


def pelican_run(settings_file: str, output: str, content: str | None = None) -> None:
    """Run Pelican in-process; warnings (broken {filename} links…) fail the build."""
    arguments = ["-s", settings_file, "-o", output, "--fatal", "warnings"]
    pelican_main(([content] if content else []) + arguments)


def _build_into(settings_file: str, fresh: Path, content: str | None) -> None:
    """Build into `fresh`; on failure, remove it and stop."""
    try:
        pelican_run(settings_file, str(fresh), content)
    except SystemExit as exc:
        shutil.rmtree(fresh, ignore_errors=True)
        if exc.code:
            raise


def atomic_build(
    settings_file: str, target: Path | None = None, content: str | None = None, rewrite_changed: bool = False
) -> None:
    """Build into a fresh folder and put it in place only if the whole build succeeded.

    The fresh folder replaces the old one whole, or, with `rewrite_changed` (livereload),
    it is a scratch folder (in memory when the system has a RAM disk) whose files that
    changed are moved into the old one.
    """
    target = Path(target or CONFIG["deploy_path"])
    if rewrite_changed:
        with scratch_folder(target) as fresh:
            _build_into(settings_file, fresh, content)
            sync_tree(fresh, target)
        return
    fresh = target.with_name(target.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    _build_into(settings_file, fresh, content)
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    shutil.rmtree(old, ignore_errors=True)


@task(help={"format": "texte (chemin:ligne: champ: message) ou github (annotations des pull requests)"})
def validate(c, format="texte"):
    """Vérifie toutes les fiches et liste toutes les erreurs, sans construire."""
    content = shlex.quote(CONFIG["content_path"])
    return c.run(f"{sys.executable} -m portal_core validate --format {shlex.quote(format)} {content}")


class ContentErrorsCatcher(logging.Filter):
    """Take Pelican's log of invalid content, so that its errors print one per line.

    Pelican logs the exception of a failed build through its console handler, which
    wraps lines to the terminal's width and adds a traceback: a contributor would not
    recognise `path:line: field: message` in it. Other failures pass through untouched.
    """

    def __init__(self) -> None:
        super().__init__()
        self.errors: list[ContentError] = []

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, InvalidContentError):
            self.errors += error.errors
            return False
        return True


# Pelican memoizes these per article for the life of the process: without emptying
# them, every article of every rebuild would stay in memory.
PELICAN_MEMOS = (Content.__dict__["get_content"], Content.__dict__["get_summary"])


@contextlib.contextmanager
def rebuild_memory() -> Iterator[None]:
    """Bound the memory and the collector's work of one rebuild in a long-lived process.

    A rebuild allocates millions of objects in a process that already holds a warm
    state (modules, the gazetteer, memos): Python's collector would walk that whole
    heap several times per rebuild (a quarter of a second each at 1 000 fiches). It is
    paused during the rebuild, then collects the young objects once: everything the
    rebuild allocated is still young, so its reference cycles are all found, and the
    warm state is not walked again. Pelican's per-article memos are emptied first.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        for memo in PELICAN_MEMOS:
            memo.cache.clear()
        if enabled:
            gc.enable()
        gc.collect(1)


def live_rebuild(settings_file: str, target: Path | None = None, content: str | None = None) -> bool:
    """One rebuild of `invoke livereload`; on failure, print the errors and keep serving the last good site."""
    catcher = ContentErrorsCatcher()
    logger = logging.getLogger("pelican")
    logger.addFilter(catcher)
    try:
        with rebuild_memory():
            atomic_build(settings_file, target, content, rewrite_changed=True)
    except SystemExit:
        for error in catcher.errors:
            print(error, file=sys.stderr)
        print("Construction échouée : le site servi reste celui de la dernière construction réussie.", file=sys.stderr)
        return False
    finally:
        logger.removeFilter(catcher)
    return True


@task
def build(c):
    """Construit le site dans output/ (réglages de développement)."""
    atomic_build(CONFIG["settings_base"])


@task
def clean(c):
    """Supprime le site construit (output/)."""
    shutil.rmtree(CONFIG["deploy_path"], ignore_errors=True)


@task
def serve(c):
    """Sert output/ sur http://127.0.0.1:8000/."""

    server = LocalServer(CONFIG["deploy_path"], port=CONFIG["port"])
    print(f"Portail servi sur {server.url}/ (Ctrl+C pour arrêter)")
    server.serve_forever()


@task
def livereload(c):
    """Reconstruit à chaque modification (contenu, données, schéma, thème, réglages) et recharge le navigateur."""
    from livereload import Server

    def rebuild():
        live_rebuild(CONFIG["settings_base"])

    def plugin_code_changed():
        # Each rebuild reads content, data, schema, theme and settings again, but the
        # plugins' modules stay those imported when the process started.
        print("Le code d'une extension a changé : relancez « invoke livereload » pour l'utiliser.", file=sys.stderr)

    rebuild()
    server = Server()
    for pattern in ("content/**/*.md", "theme/**/*", "data/*.yaml", "schema/*.json", "*.py"):
        server.watch(str(ROOT / pattern), rebuild)
    server.watch(str(ROOT / "plugins/**/*.py"), plugin_code_changed)
    server.serve(host=CONFIG["host"], port=CONFIG["port"], root=CONFIG["deploy_path"])


@task
def publish(c):
    """Construit la version de production (publishconf.py : adresses absolues, flux)."""
    atomic_build(CONFIG["settings_publish"])


# Style and type checks, in the order `invoke lint` runs them (the same as .pre-commit-config.yaml).
LINTERS = {
    "ruff (règles)": "{python} -m ruff check .",
    "ruff (mise en forme)": "{python} -m ruff format --check .",
    "djhtml (gabarits)": "{python} -m djhtml --check theme/templates",
    "eslint (scripts)": "node_modules/.bin/eslint theme/static/js",
    "mypy (types)": "{python} -m mypy",
}


@task
def propose(c):
    """Transforme l'issue ISSUE_NUMBER / ISSUE_BODY en pull request, ou y commente ses problèmes."""
    import tempfile

    from portal_core import proposal
    from portal_core.from_issue import convert
    from portal_core.settings import portal_path
    from portal_core.validation import Checker, content_files
    from portal_core.verbatim import load_fingerprints

    issue = proposal.Issue.from_environment()
    content = Path(CONFIG["content_path"])
    result = convert(
        issue.body,
        Checker.from_settings({}),
        content_files(content),
        datetime.date.today().isoformat(),
        load_fingerprints(portal_path({}, "PORTAL_SOURCE_FINGERPRINTS")),
    )
    with tempfile.TemporaryDirectory(prefix="proposition-") as temporary, c.cd(str(content.parent)):
        work = Path(temporary)
        if result.problems:
            report = work / "problemes.md"
            report.write_text(
                "La proposition ne peut pas encore devenir une fiche :\n\n"
                + "".join(f"- {problem}\n" for problem in result.problems)
                + "\nModifiez l'issue pour corriger : la conversion sera relancée.\n",
                encoding="utf-8",
            )
            c.run(proposal.comment_command(issue, report))
            sys.exit("\n".join(result.problems))
        path = content / result.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(result.text, encoding="utf-8")
        relative = os.path.relpath(path, content.parent)
        for command in proposal.push_commands(issue, relative, result.title):
            c.run(command)
        if c.run(proposal.open_count_command(issue), hide="out").stdout.strip() == "0":
            body = work / "pull-request.md"
            body.write_text(proposal.pull_request_body(issue, relative), encoding="utf-8")
            c.run(proposal.create_command(issue, SETTINGS["PORTAL_REPOSITORY_BRANCH"], result.title, body))
        else:
            print(f"Pull request de la branche {issue.branch} mise à jour.")


@task
def lint(c):
    """Vérifie le style et les types : ruff, djhtml, eslint et mypy, sans rien modifier."""
    failed = []
    for name, command in LINTERS.items():
        print(f"--- {name}")
        if c.run(command.format(python=shlex.quote(sys.executable)), warn=True, pty=False).failed:
            failed.append(name)
    if failed:
        sys.exit(f"Vérifications en échec : {', '.join(failed)}")


@task(help={"fast": "Sans les tests dans un navigateur ni les contrôles du site entier (gate) : moins d'une minute"})
def test(c, fast=False):
    """Lance les tests ; ce qui suit « -- » va à pytest (ex. invoke test --fast -- -x -k opendata)."""
    args = ["-m", "not browser and not gate"] if fast else []
    c.run(shlex.join([sys.executable, "-m", "pytest", *args, *shlex.split(c.remainder)]), pty=False)


SCREENSHOT_WIDTHS = {"telephone": 375, "ordinateur": 1280}


def screenshot_pages(output: Path) -> dict[str, str]:
    """Pages a reviewer looks at: home, the longest fiche, the territory index and a topic list."""
    fiche = max((output / "initiatives").glob("*/index.html"), key=lambda p: (p.stat().st_size, p.parent.name))
    topic = sorted(p.parent for p in (output / "thematiques").glob("*/index.html"))[0]
    return {
        "accueil": "",
        "fiche": f"initiatives/{fiche.parent.name}/",
        "territoires": "territoires/",
        "thematique": f"thematiques/{topic.name}/",
    }


@task(help={"folder": "Dossier des captures (ignoré par git)", "rebuild": "Reconstruire le site d'abord"})
def screenshots(c, folder="screenshots", rebuild=False):
    """Captures pleine page de l'accueil, d'une fiche et de deux index à 375 et 1280 px."""
    from playwright.sync_api import sync_playwright

    output = Path(CONFIG["deploy_path"])
    if rebuild or not (output / "index.html").exists():
        build(c)

    target = ROOT / folder
    target.mkdir(exist_ok=True)
    # The development build has root-relative links, so any port serves it.
    with LocalServer(output) as server, sync_playwright() as playwright:
        browser = chromium.launch(playwright)
        for device, width in SCREENSHOT_WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": 800})
            for name, path in screenshot_pages(output).items():
                page.goto(f"{server.url}/{path}", wait_until="load")
                png = target / f"{name}-{device}-{width}.png"
                page.screenshot(path=str(png), full_page=True)
                print(f"{os.path.relpath(png, ROOT)}  ({path or '/'})")
            page.close()
        browser.close()


@task(
    help={
        "title": "Intitulé du projet, tel que la source le donne",
        "code": "Code officiel de la collectivité (INSEE, SIREN, département, région) : "
        "voir « python -m portal_core lookup NOM »",
        "kind": "Nature de la collectivité : commune, arrondissement, epci, departement, region",
        "source": "Document source : une clé de data/sources.yaml (ex. territoria-2019)",
        "level": "Niveau : or, argent, bronze ; aucun si le dispositif ne donne pas de médaille (par défaut)",
        "category": "Catégorie du prix telle que le dispositif l'écrit (ex. « Mobilité », voir "
        "data/categories.yaml, scheme_labels), ou une thématique du portail (ex. mobilite)",
        "topic": "Thématiques du portail, séparées par des virgules (ex. mobilite,sante) ; "
        "par défaut celles de la catégorie du prix",
    }
)
def new(c, title, code, source, category="", topic="", kind="commune", level="aucun"):
    """Crée content/initiatives/<identifiant>.md à partir de data/initiative-template.md."""
    from portal_core.registry import load_registry
    from portal_core.text import slugify
    from portal_core.vocabulary import OFFICIAL_CODES

    registry = load_registry(str(ROOT / "data"))
    document = _known(source, registry.sources, "--source", "un document source (data/sources.yaml)")
    labels = registry.scheme_labels.get(document.scheme, {})
    topics = [key for key in topic.split(",") if key]
    if category in registry.categories:
        topics.append(category)
        category = ""
    for key in topics:
        _known(key, registry.categories, "--topic", "une thématique du portail")
    if not category:
        candidates = [label for label, keys in labels.items() if set(keys) & set(topics)] or list(labels)
        if len(candidates) != 1:
            listed = " ; ".join(candidates)
            sys.exit(f"--category : donnez la catégorie du prix pour {document.scheme}, parmi : {listed}")
        category = candidates[0]
    _known(category, labels, "--category", f"une catégorie du prix pour {document.scheme}")
    levels = dict.fromkeys(registry.schemes[document.scheme].levels)
    _known(level, levels, "--level", f"un niveau possible pour {document.scheme}")
    _known(kind, OFFICIAL_CODES, "--kind", "une nature de collectivité")
    categories = list(dict.fromkeys(topics)) or list(registry.categories_for_label(document.scheme, category))
    slug = slugify(title)
    path = Path(CONFIG["content_path"]) / "initiatives" / f"{slug}.md"
    if path.exists():
        sys.exit(f"{path} existe déjà")
    template = (ROOT / "data" / "initiative-template.md").read_text(encoding="utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        template.format(
            title=title.replace('"', "'"),
            date=datetime.date.today().isoformat(),
            kind=kind,
            code=code,
            scheme=document.scheme,
            year=document.year,
            level=level,
            category=category.replace('"', "'"),
            categories="\n".join(f"  - {cat}" for cat in categories),
            source=source,
        ),
        encoding="utf-8",
    )
    print(f"Fiche créée : {os.path.relpath(path, ROOT)} — complétez-la puis lancez « invoke validate ».")


def _known(value: str, known: dict, option: str, what: str):
    """The entry of `known` named `value`, or stop with the list of valid values."""
    if value not in known:
        sys.exit(f"{option} : « {value} » n'est pas {what}. Valeurs possibles : " + " ; ".join(known))
    return known[value]
