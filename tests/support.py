"""Test helpers shared by the test modules: a valid fiche, tiny-site settings, HTML parsing, axe.

Fixtures live in conftest.py; test modules import helpers from here, never from conftest.
"""

from __future__ import annotations

from dataclasses import dataclass
import os
from pathlib import Path
import shutil
import subprocess
import sys
import textwrap
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup
from pelican.settings import read_settings
from portal_core.parallel import Forked
from portal_core.validation import Checker

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


def count_checks(monkeypatch) -> list[str]:
    """The paths of the files this process checks (neither taken from the cache nor checked by a worker)."""
    paths: list[str] = []
    check_file = Checker.check_file

    def counting(self, path, text):
        paths.append(path)
        return check_file(self, path, text)

    monkeypatch.setattr(Checker, "check_file", counting)
    return paths


def record_forks(monkeypatch) -> list[int]:
    """The pids of the processes `portal_core.parallel.Forked` starts from now on, in order."""
    pids: list[int] = []
    start = Forked.__init__

    def recording(self, function):
        start(self, function)
        pids.append(self.pid)

    monkeypatch.setattr(Forked, "__init__", recording)
    return pids


def file_tree(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path: two builds compare byte for byte."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# Figures measured by the quality and security gates, printed together at the end of the
# run by conftest.pytest_terminal_summary (pytest captures what tests print).
FIGURES: dict[str, str] = {}


def report(gate: str, figure: str) -> None:
    """Record the figure of a gate, e.g. report("CSP", "470/470 pages")."""
    FIGURES[gate] = figure


def html_pages(output: Path) -> list[Path]:
    """Every HTML page of a built site, in path order."""
    return sorted(output.rglob("*.html"))


def page_address(site: RealSite, page: Path) -> str:
    """The address a browser shows for a page: folders end with /, index.html is implied."""
    path = page.relative_to(site.output).as_posix()
    return site.url(path.removesuffix("index.html"))


# Elements and attributes holding a URL the browser follows or loads.
LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "form": "action", "source": "src"}
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
# <script> types the browser never runs: JSON-LD, and the search page's copy of meta.json.
DATA_BLOCK_TYPES = ("application/ld+json", "application/json")


def link_problems(site: RealSite) -> tuple[int, list[str]]:
    """Check every internal link and #anchor of the output, without a server.

    A link is internal when, resolved against its page's address, it falls under the
    site's address; it must name an existing file (a folder means its index.html) and,
    with a fragment, an element of that id. Returns (links checked, problems).
    """
    pages = html_pages(site.output)
    parsed = {page: soup(page) for page in pages}
    ids: dict[Path, set[str]] = {}
    checked, problems = 0, []
    for page, html in parsed.items():
        base = page_address(site, page)
        for tag, attribute in LINK_ATTRIBUTES.items():
            for element in html.find_all(tag, attrs={attribute: True}):
                value = element[attribute].strip()
                if value.lower().startswith(DANGEROUS_SCHEMES):
                    problems.append(f"{page.relative_to(site.output)} : adresse dangereuse {value!r}")
                    continue
                url, fragment = urldefrag(urljoin(base, value))
                if not url.startswith(f"{site.siteurl}/"):
                    continue
                checked += 1
                relative = unquote(urlsplit(url).path.removeprefix(urlsplit(site.siteurl).path + "/"))
                target = site.output / relative
                if not relative or relative.endswith("/"):
                    target = target / "index.html"
                if not target.is_file():
                    problems.append(f"{page.relative_to(site.output)} : lien cassé {value!r}")
                elif fragment and target.suffix == ".html":
                    if target not in ids:
                        target_html = parsed.get(target) or soup(target)
                        ids[target] = {e["id"] for e in target_html.find_all(id=True)}
                    if unquote(fragment) not in ids[target]:
                        problems.append(f"{page.relative_to(site.output)} : ancre introuvable {value!r}")
    return checked, problems


def first(output: Path, pattern: str) -> str:
    """URL path of the first page (in name order) matching a glob of folders."""
    folder = sorted(p for p in output.glob(pattern) if (p / "index.html").exists())[0]
    return f"{folder.relative_to(output).as_posix()}/"


def largest_fiche(output: Path) -> str:
    """The fiche with the most content, which exercises every part of the template."""
    page = max((output / "initiatives").glob("*/index.html"), key=lambda p: (p.stat().st_size, p.parent.name))
    return f"initiatives/{page.parent.name}/"


def page_types(output: Path) -> dict[str, str]:
    """One page of each type, by name: URL path relative to the site."""
    return {
        "accueil": "",
        "fiche": largest_fiche(output),
        "thematiques": "thematiques/",
        "thematique": first(output, "thematiques/*"),
        "liste-paginee": first(output, "medailles/*/page/2"),
        "territoires": "territoires/",
        "region": first(output, "territoires/region-*"),
        "departement": first(output, "territoires/departement-*"),
        "collectivite": first(output, "territoires/commune-*"),
        "medailles": "medailles/",
        "medaille": "medailles/or/",
        "palmares": first(output, "medailles/territoria-*"),
        "dispositifs": "dispositifs/",
        "dispositif": "dispositifs/territoria/",
        "donnees": "donnees/",
        "chiffres": "chiffres/",
        "recherche": "recherche/",
        "mentions-legales": "mentions-legales/",
        "accessibilite": "accessibilite/",
        "donnees-personnelles": "donnees-personnelles/",
        "proposer": "proposer/",
        "404": "404.html",
    }


# The page types above, by name, for test parameters (checked against page_types).
PAGE_TYPES = [
    "accueil", "fiche", "thematiques", "thematique", "liste-paginee", "territoires", "region", "departement",
    "collectivite", "medailles", "medaille", "palmares", "dispositifs", "dispositif", "donnees", "chiffres",
    "recherche", "mentions-legales", "accessibilite", "donnees-personnelles", "proposer", "404",
]  # fmt: skip
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
        """A build from nothing (empty cache, fresh folder, new process) of the same files: its tree.

        A new Python process: nothing that livereload keeps between rebuilds in its
        process (compiled templates, memos) can leak into the build it is compared with.
        """
        cache, self.cache = self.cache, self.root / ".cache-cold"
        shutil.rmtree(self.cache, ignore_errors=True)
        self.settings(self.publisher)
        build = "import sys, tasks; tasks.atomic_build(sys.argv[1], sys.argv[2], sys.argv[3])"
        arguments = [str(self.root / "settings.py"), str(target), str(self.content)]
        environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "plugins")])}
        try:
            subprocess.run([sys.executable, "-c", build, *arguments], cwd=ROOT, env=environment, check=True)
        finally:
            self.cache = cache
            self.settings(self.publisher)
        return file_tree(target)

    def read(self, relative: str) -> str:
        return (self.output / relative).read_text(encoding="utf-8")
