"""Give templates the portal's filters and vocabularies; write sitemap.xml, robots.txt, favicon.ico.

Signals:
- `initialized`, because generators build their Jinja environment from the settings
  right after it; filters added later would not be seen;
- `generator_init`, to give each generator's Jinja environment the templates already
  compiled in this process, and `article_generator_finalized`, to compute each
  article's URL once (rendering.py);
- `get_writer` and `generator_init` again, for a writer that renders each generator's
  pages at the end of its output, on every core (pagewriter.py);
- `finalized`, because the sitemap lists the pages every generator has written (and
  favicon.ico is copied to the root then).
"""

from __future__ import annotations

from functools import partial
import json
from pathlib import Path
import shutil
from typing import Any

from pelican import Pelican, signals
from portal_core.paths import page_url
from portal_core.registry import load_registry
from portal_core.schema import property_titles
from portal_core.settings import PROJECT_ROOT, portal_path, portal_setting
from portal_core.vocabulary import LEVEL_LABELS, STAGE_LABELS
import yaml

from .contributing import proposal_links
from .filters import FILTERS
from .metadata import initiative_ld, json_script, site_address
from .pagewriter import batch_pages, provide_writer
from .rendering import freeze_urls, share_compiled_templates
from .sitemap import write_sitemap


def contact_url(settings: dict[str, Any]) -> str:
    """Where to write to the publisher: PORTAL_CONTACT_URL, else the repository's issues."""
    contact = portal_setting(settings, "PORTAL_CONTACT_URL")
    if contact:
        return contact
    repository = portal_setting(settings, "PORTAL_REPOSITORY_URL").rstrip("/")
    return f"{repository}/issues" if repository else ""


def load_checks(path: str) -> dict[str, Any]:
    """The automated checks the accessibility statement lists (data/verifications.yaml)."""
    with open(path, encoding="utf-8") as handle:
        checks: dict[str, Any] = yaml.safe_load(handle)
    return checks


def npm_versions(checks: dict[str, Any]) -> dict[str, str]:
    """The installed version of each npm tool the checks name, as package-lock.json pins it."""
    lock = json.loads((PROJECT_ROOT / "package-lock.json").read_text(encoding="utf-8"))
    names = [check["npm"] for check in checks["checks"] if "npm" in check]
    return {name: lock["packages"][f"node_modules/{name}"]["version"] for name in names}


def configure(pelican: Pelican) -> None:
    """Give templates the filters and vocabularies (settings are installed by portal_core)."""
    settings = pelican.settings
    site = site_address(settings)
    filters = settings.setdefault("JINJA_FILTERS", {})
    filters.update(FILTERS)
    filters.update({"json_script": json_script, "page_url": page_url})
    globals_ = settings.setdefault("JINJA_GLOBALS", {})
    globals_["REGISTRY"] = load_registry(portal_path(settings, "PORTAL_DATA_DIR"))
    globals_["LEVEL_LABELS"] = LEVEL_LABELS
    globals_["STAGE_LABELS"] = STAGE_LABELS
    globals_["REUSE_LABELS"] = property_titles(portal_path(settings, "PORTAL_SCHEMA"), "reuse")
    globals_["SITE_ADDRESS"] = site
    globals_["PORTAL_CONTACT"] = contact_url(settings)
    globals_["PROPOSAL_LINKS"] = proposal_links(settings)
    globals_["CHECKS"] = checks = load_checks(portal_path(settings, "PORTAL_CHECKS"))
    globals_["NPM_VERSIONS"] = npm_versions(checks)
    globals_["initiative_ld"] = partial(
        initiative_ld, site=site, sitename=settings["SITENAME"], publisher=portal_setting(settings, "PORTAL_PUBLISHER")
    )


def root_files(pelican: Pelican) -> None:
    """Write sitemap.xml and robots.txt once every page is written, and favicon.ico at the root.

    Browsers and crawlers ask for /favicon.ico without reading any page; pages link to
    the same file under SITEURL, which also works for a site served under a sub-path.
    """
    output = Path(pelican.output_path)
    write_sitemap(output, site_address(pelican.settings))
    shutil.copyfile(Path(pelican.settings["THEME"], "static", "img", "favicon.ico"), output / "favicon.ico")


def register() -> None:
    """Connect the theme configuration, the rendering shortcuts, the page writer and the sitemap."""
    signals.initialized.connect(configure)
    signals.generator_init.connect(share_compiled_templates)
    signals.get_writer.connect(provide_writer)
    signals.generator_init.connect(batch_pages)
    signals.article_generator_finalized.connect(freeze_urls)
    signals.finalized.connect(root_files)
