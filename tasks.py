"""Tasks of the portal, run with invoke (`invoke --list`). The Makefile sets up first."""

from __future__ import annotations

import datetime
import logging
import os
from pathlib import Path
import shlex
import shutil
import sys

from invoke import task
from pelican import main as pelican_main
from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer
from pelican.settings import DEFAULT_CONFIG, get_settings_from_file
from portal_core import chromium
from portal_core.errors import ContentError, InvalidContentError

ROOT = Path(__file__).resolve().parent
SETTINGS_FILE_BASE = "pelicanconf.py"
SETTINGS = {**DEFAULT_CONFIG, **get_settings_from_file(str(ROOT / SETTINGS_FILE_BASE))}

CONFIG = {
    "settings_base": SETTINGS_FILE_BASE,
    "settings_publish": "publishconf.py",
    "content_path": SETTINGS["PATH"],
    "deploy_path": SETTINGS["OUTPUT_PATH"],
    "host": "127.0.0.1",
    "port": 8000,
}


def pelican_run(settings_file: str, output: str, content: str | None = None) -> None:
    """Run Pelican in-process; warnings (broken {filename} links…) fail the build."""
    arguments = ["-s", settings_file, "-o", output, "--fatal", "warnings"]
    pelican_main(([content] if content else []) + arguments)


def atomic_build(settings_file: str, target: Path | None = None, content: str | None = None) -> None:
    """Build into a fresh folder and swap it in only if the whole build succeeded."""
    target = Path(target or CONFIG["deploy_path"])
    fresh = target.with_name(target.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        pelican_run(settings_file, str(fresh), content)
    except SystemExit as exc:
        shutil.rmtree(fresh, ignore_errors=True)
        if exc.code:
            raise
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    shutil.rmtree(old, ignore_errors=True)


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


def live_rebuild(settings_file: str, target: Path | None = None, content: str | None = None) -> bool:
    """One rebuild of `invoke livereload`; on failure, print the errors and keep serving the last good site."""
    catcher = ContentErrorsCatcher()
    logger = logging.getLogger("pelican")
    logger.addFilter(catcher)
    try:
        atomic_build(settings_file, target, content)
    except SystemExit:
        for error in catcher.errors:
            print(error, file=sys.stderr)
        print("Construction échouée : le site servi reste celui de la dernière construction réussie.", file=sys.stderr)
        return False
    finally:
        logger.removeFilter(catcher)
    return True


@task
def validate(c):
    """Check every content file and list all errors, without building."""
    c.run(f"{sys.executable} -m portal_core validate {shlex.quote(CONFIG['content_path'])}")


@task
def build(c):
    """Build the site into output/ (development settings)."""
    atomic_build(CONFIG["settings_base"])


@task
def clean(c):
    """Remove the generated site."""
    shutil.rmtree(CONFIG["deploy_path"], ignore_errors=True)


@task
def serve(c):
    """Serve output/ at http://127.0.0.1:8000/."""

    class AddressReuseTCPServer(RootedHTTPServer):
        allow_reuse_address = True

    server = AddressReuseTCPServer(CONFIG["deploy_path"], (CONFIG["host"], CONFIG["port"]), ComplexHTTPRequestHandler)
    print(f"Portail servi sur http://{CONFIG['host']}:{CONFIG['port']}/ (Ctrl+C pour arrêter)")
    server.serve_forever()


@task
def livereload(c):
    """Rebuild when content, data, schema, theme or settings change, and reload the browser."""
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
    """Build the production site (publishconf.py: absolute URLs, feeds)."""
    atomic_build(CONFIG["settings_publish"])


@task
def test(c):
    """Run the whole test suite."""
    c.run(f"{sys.executable} -m pytest", pty=False)


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
    """Write full-page PNGs of the home page, a fiche and index pages at 375 and 1280 px."""
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
    import threading

    from playwright.sync_api import sync_playwright

    output = Path(CONFIG["deploy_path"])
    if rebuild or not (output / "index.html").exists():
        build(c)

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    # The development build has root-relative links, so any port serves it.
    server = ThreadingHTTPServer((CONFIG["host"], 0), lambda *a: Quiet(*a, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://{CONFIG['host']}:{server.server_address[1]}"
    target = ROOT / folder
    target.mkdir(exist_ok=True)
    try:
        with sync_playwright() as playwright:
            browser = chromium.launch(playwright)
            for device, width in SCREENSHOT_WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": 800})
                for name, path in screenshot_pages(output).items():
                    page.goto(f"{address}/{path}", wait_until="load")
                    png = target / f"{name}-{device}-{width}.png"
                    page.screenshot(path=str(png), full_page=True)
                    print(f"{os.path.relpath(png, ROOT)}  ({path or '/'})")
                page.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()


def _slugify(text: str) -> str:
    from portal_core.text import slugify

    return slugify(text)


@task(
    help={
        "title": "Intitulé du projet",
        "code": "Code officiel de la collectivité (INSEE, SIREN, département, région)",
        "kind": "Nature : commune, arrondissement, epci, departement, region",
        "source": "Document source (clé de data/sources.yaml)",
        "level": "Niveau : or, argent, bronze, aucun",
        "category": "Catégorie du dispositif, telle que la source l'écrit",
    }
)
def new(c, title, code, source, category, kind="commune", level="aucun"):
    """Create content/initiatives/<slug>.md from data/initiative-template.md."""
    from portal_core.registry import load_registry

    registry = load_registry(str(ROOT / "data"))
    document = registry.sources[source]
    categories = registry.categories_for_label(document.scheme, category) or ("a-choisir",)
    slug = _slugify(title)
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
