"""Tasks of the portal, run with invoke (`invoke --list`). The Makefile sets up first.

Docstrings are in French: invoke shows them to contributors (`invoke --list`, `invoke --help TASK`).
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path
import shlex
import shutil
import sys

from invoke import task
from pelican import main as pelican_main
from pelican.settings import DEFAULT_CONFIG, get_settings_from_file
from portal_core import chromium
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


def pelican_run(settings_file: str, output: str) -> None:
    """Run Pelican in-process; warnings (broken {filename} links…) fail the build."""
    pelican_main(shlex.split(f"-s {settings_file} -o {output} --fatal warnings"))


def atomic_build(settings_file: str) -> None:
    """Build into a fresh folder and swap it in only if the whole build succeeded."""
    target = Path(CONFIG["deploy_path"])
    fresh = target.with_name(target.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        pelican_run(settings_file, str(fresh))
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


@task
def validate(c):
    """Vérifie toutes les fiches et liste toutes les erreurs, sans construire."""
    c.run(f"{sys.executable} -m portal_core validate {shlex.quote(CONFIG['content_path'])}")


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
    """Reconstruit à chaque modification (fiches, thème, données, extensions) et recharge le navigateur."""
    from livereload import Server

    def rebuild():
        try:
            atomic_build(CONFIG["settings_base"])
        except SystemExit:
            print("Construction échouée : voir les erreurs ci-dessus.")

    rebuild()
    server = Server()
    for pattern in (
        "content/**/*.md",
        "theme/**/*",
        "data/*.yaml",
        "schema/*.json",
        "plugins/**/*.py",
        "*.py",
    ):
        server.watch(str(ROOT / pattern), rebuild)
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
def lint(c):
    """Vérifie le style et les types : ruff, djhtml, eslint et mypy, sans rien modifier."""
    failed = []
    for name, command in LINTERS.items():
        print(f"--- {name}")
        if c.run(command.format(python=shlex.quote(sys.executable)), warn=True, pty=False).failed:
            failed.append(name)
    if failed:
        sys.exit(f"Vérifications en échec : {', '.join(failed)}")


@task(help={"fast": "Sans les tests dans un navigateur (moins d'une minute)"})
def test(c, fast=False):
    """Lance les tests ; ce qui suit « -- » va à pytest (ex. invoke test --fast -- -x -k opendata)."""
    args = ["-m", "not browser"] if fast else []
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
        "title": "Intitulé du projet",
        "code": "Code officiel de la collectivité (INSEE, SIREN, département, région)",
        "kind": "Nature : commune, arrondissement, epci, departement, region",
        "source": "Document source (clé de data/sources.yaml)",
        "level": "Niveau : or, argent, bronze, aucun",
        "category": "Catégorie du dispositif, telle que la source l'écrit",
    }
)
def new(c, title, code, source, category, kind="commune", level="aucun"):
    """Crée content/initiatives/<identifiant>.md à partir de data/initiative-template.md."""
    from portal_core.registry import load_registry
    from portal_core.text import slugify

    registry = load_registry(str(ROOT / "data"))
    document = registry.sources[source]
    categories = registry.categories_for_label(document.scheme, category) or ("a-choisir",)
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
