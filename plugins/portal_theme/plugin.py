"""Give templates the portal's filters and vocabularies; write sitemap.xml, robots.txt, favicon.ico.

Signals:
- `initialized`, because generators build their Jinja environment from the settings
  right after it; filters added later would not be seen;
- `finalized`, because the sitemap lists the pages every generator has written (and
  favicon.ico is copied to the root then).
"""

from __future__ import annotations

from functools import partial
import json
from pathlib import Path
import shutil

from pelican import signals
from portal_core.registry import LEVEL_LABELS, load_registry
from portal_core.settings import PROJECT_ROOT, install_defaults, portal_path
import yaml

from .filters import FILTERS
from .metadata import initiative_ld, json_script, page_path, site_address
from .sitemap import write_sitemap

STAGE_LABELS = {
    "etude": "Étude",
    "experimentation": "Expérimentation",
    "en-service": "En service",
    "termine": "Terminé",
    "inconnu": "Non précisé",
}

# The three mentions the RGAA allows on the home page and in the statement.
ACCESSIBILITY_STATUSES = ("totalement conforme", "partiellement conforme", "non conforme")


def contact_url(settings) -> str:
    """Where to write to the publisher: PORTAL_CONTACT_URL, else the repository's issues."""
    if settings["PORTAL_CONTACT_URL"]:
        return settings["PORTAL_CONTACT_URL"]
    repository = settings["PORTAL_REPOSITORY_URL"].rstrip("/")
    return f"{repository}/issues" if repository else ""


def load_checks(path: str) -> dict:
    """The automated checks the accessibility statement lists (data/verifications.yaml)."""
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def npm_versions(checks: dict) -> dict[str, str]:
    """The installed version of each npm tool the checks name, as package-lock.json pins it."""
    lock = json.loads((PROJECT_ROOT / "package-lock.json").read_text(encoding="utf-8"))
    names = [check["npm"] for check in checks["checks"] if "npm" in check]
    return {name: lock["packages"][f"node_modules/{name}"]["version"] for name in names}


def check_settings(settings) -> None:
    """Refuse values the legal pages cannot state."""
    status = settings["PORTAL_ACCESSIBILITY_STATUS"]
    if status not in ACCESSIBILITY_STATUSES:
        raise ValueError(
            f"PORTAL_ACCESSIBILITY_STATUS : « {status} » n'est pas l'un de {', '.join(ACCESSIBILITY_STATUSES)}"
        )


def configure(pelican):
    """Install default PORTAL_ settings, filters, and vocabularies for templates."""
    settings = pelican.settings
    install_defaults(settings)
    check_settings(settings)
    site = site_address(settings)
    filters = settings.setdefault("JINJA_FILTERS", {})
    filters.update(FILTERS)
    filters.update({"json_script": json_script, "page_path": page_path})
    globals_ = settings.setdefault("JINJA_GLOBALS", {})
    globals_["REGISTRY"] = load_registry(portal_path(settings, "PORTAL_DATA_DIR"))
    globals_["LEVEL_LABELS"] = LEVEL_LABELS
    globals_["STAGE_LABELS"] = STAGE_LABELS
    globals_["SITE_ADDRESS"] = site
    globals_["PORTAL_CONTACT"] = contact_url(settings)
    globals_["CHECKS"] = checks = load_checks(portal_path(settings, "PORTAL_CHECKS"))
    globals_["NPM_VERSIONS"] = npm_versions(checks)
    globals_["initiative_ld"] = partial(
        initiative_ld, site=site, sitename=settings["SITENAME"], publisher=settings["PORTAL_PUBLISHER"]
    )


def root_files(pelican):
    """Write sitemap.xml and robots.txt once every page is written, and favicon.ico at the root.

    Browsers and crawlers ask for /favicon.ico without reading any page; pages link to
    the same file under SITEURL, which also works for a site served under a sub-path.
    """
    output = Path(pelican.output_path)
    write_sitemap(output, site_address(pelican.settings))
    shutil.copyfile(Path(pelican.settings["THEME"], "static", "img", "favicon.ico"), output / "favicon.ico")


def register():
    """Connect the theme configuration and the sitemap."""
    signals.initialized.connect(configure)
    signals.finalized.connect(root_files)
