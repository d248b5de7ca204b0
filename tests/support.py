"""Test helpers shared by the test modules: a valid fiche, tiny-site settings, HTML parsing, axe.

Fixtures live in conftest.py; test modules import helpers from here, never from conftest.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
import shutil
import textwrap

from bs4 import BeautifulSoup
from pelican.settings import read_settings

import tasks

ROOT = Path(__file__).resolve().parent.parent

VALID = textwrap.dedent(
    """\
    ---
    title: "Un potager dans chaque école"
    date: "2026-01-15"
    summary: >-
      La commune installe un potager dans chaque école et forme les enfants au jardinage.
    collectivities:
      - kind: commune
        code: "81004"
    awards:
      - scheme: territoria
        year: "2017"
        level: or
        category: "Aménagement / Urbanisme"
    categories:
      - agriculture-alimentation
    source:
      document: territoria-2017
    ---
    Les enfants cultivent des légumes qu'ils mangent ensuite à la cantine.
    """
)


# A fiche with every field of issue 15: a funder with its former name, a dated stage and reuse facts.
REUSE_FICHE = textwrap.dedent(
    """\
    ---
    title: "Des haies pour les champs"
    date: "2026-01-15"
    modified: "2026-03-02"
    summary: >-
      La commune replante des haies avec les agriculteurs pour protéger les sols.
    collectivities:
      - kind: commune
        code: "51454"
      - kind: region
        code: "44"
        role: financeur
        named_in_source: "Champagne-Ardenne"
    awards:
      - scheme: territoria
        year: "2017"
        level: argent
        category: "Aménagement / Urbanisme"
    categories:
      - agriculture-alimentation
    dates:
      start: "2014"
    stage: en-service
    reuse:
      partners:
        - Chambre d'agriculture de la Marne
        - Office français de la biodiversité
      budget:
        - amount: "45 000 €"
          covers: plantations et suivi
          period: 2014-2016
      team: Un technicien rivière à mi-temps
      duration: Trois hivers de plantation
      success_factors:
        - Des agriculteurs volontaires associés dès le diagnostic
      difficulties:
        - L'entretien des jeunes plants les étés secs
      replication: La source dit que deux communes voisines ont repris la démarche
    source:
      document: territoria-2017
      pages: "14"
    ---
    Les haies replantées retiennent la terre des champs en pente.
    """
)


def content_slugs() -> list[str]:
    """Slugs of the real content's fiches (their file names), sorted: the pages the site must publish."""
    return sorted(path.stem for path in (ROOT / "content").rglob("*.md"))


def page(text: str = VALID, **replacements: str) -> str:
    """Return the valid page with some lines replaced (old line → new line)."""
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def write_files(root: Path, files: dict[str, str]) -> Path:
    content = root / "content"
    for name, text in files.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    content.mkdir(exist_ok=True)
    return content


def site_settings(root: Path, **overrides):
    """The real pelicanconf.py, pointed at a temporary content and output folder."""
    settings = {
        "PATH": str(root / "content"),
        "OUTPUT_PATH": str(root / "output"),
        "SITEURL": "http://example.test",
        # Not the repository GitHub Actions runs in (pelicanconf.py reads GITHUB_REPOSITORY).
        "PORTAL_REPOSITORY_URL": "",
        # Each tiny site has its own cache of per-file work (the real content: the project's).
        "PORTAL_CACHE_DIR": str(root / ".cache"),
    }
    settings.update(overrides)
    return read_settings(str(ROOT / "pelicanconf.py"), override=settings)


# Albi's potager, funded by the Aude (another département of the same région) and with
# Grand Est (another région) as partner: both list it apart, neither counts it.
FUNDED = page(
    **{
        '    code: "81004"': (
            '    code: "81004"\n'
            "  - kind: departement\n"
            '    code: "11"\n'
            "    role: financeur\n"
            "  - kind: region\n"
            '    code: "44"\n'
            "    role: partenaire"
        )
    }
)


@dataclass(frozen=True)
class RealSite:
    """The real content built once, served over HTTP at its SITEURL."""

    output: Path
    siteurl: str

    def url(self, path: str = "") -> str:
        """Absolute URL of a path of the site ('' = home)."""
        return f"{self.siteurl}/{path}"


# The repository the "Suggérer une correction" and contact links point to in the tests.
TEST_REPOSITORY = "https://github.com/exemple/portail"


# axe-core (npm, installed by `npm ci`), run with the rule sets RGAA and WCAG 2.1 AA map to.
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "RGAAv4", "best-practice"]
AXE_RUN = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => n.target.join(" ") + " — " + n.failureSummary),
  }));
}"""


def axe_problems(tab, axe_source: str) -> list[str]:
    """axe-core violations, one line per rule with its first nodes."""
    tab.evaluate(axe_source)
    violations = tab.evaluate(AXE_RUN, AXE_TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"][:5]) for v in violations]


def soup(path: Path) -> BeautifulSoup:
    """Parse a generated HTML file."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def file_tree(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path: two builds compare byte for byte."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


SETTINGS = """\
from pelicanconf import *

PATH = {content!r}
THEME = {theme!r}
PORTAL_DATA_DIR = {data!r}
PORTAL_SCHEMA = {schema!r}
PORTAL_PUBLISHER = {publisher!r}
PORTAL_CACHE_DIR = {cache!r}
"""


class Project:
    """A copy of the files a contributor edits, and the rebuilds livereload would run."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.cache = root / ".cache"
        for folder in ("data", "schema", "theme"):
            shutil.copytree(ROOT / folder, root / folder)
        self.content = write_files(root, {"initiatives/potager.md": page()})
        self.output = root / "output"
        self.settings(publisher="Éditeur initial")

    def settings(self, publisher: str) -> None:
        text = SETTINGS.format(
            content=str(self.content),
            theme=str(self.root / "theme"),
            data=str(self.root / "data"),
            schema=str(self.root / "schema" / "initiative.schema.json"),
            publisher=publisher,
            cache=str(self.cache),
        )
        (self.root / "settings.py").write_text(text, encoding="utf-8")
        self.publisher = publisher

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def rebuild(self) -> bool:
        return tasks.live_rebuild(str(self.root / "settings.py"), self.output, str(self.content))

    def cold_build(self, target: Path) -> dict[str, bytes]:
        """A build from nothing (empty cache, fresh folder) of the same files: its tree."""
        cache, self.cache = self.cache, self.root / ".cache-cold"
        shutil.rmtree(self.cache, ignore_errors=True)
        self.settings(self.publisher)
        try:
            tasks.atomic_build(str(self.root / "settings.py"), target, str(self.content))
        finally:
            self.cache = cache
            self.settings(self.publisher)
        return file_tree(target)

    def read(self, relative: str) -> str:
        return (self.output / relative).read_text(encoding="utf-8")
