"""Give templates the portal's filters and vocabularies; write sitemap.xml and robots.txt.

Signals:
- `initialized`, because generators build their Jinja environment from the settings
  right after it; filters added later would not be seen;
- `finalized`, because the sitemap lists the pages every generator has written.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from pelican import Pelican, signals
from portal_core.paths import page_url
from portal_core.registry import load_registry
from portal_core.schema import property_titles
from portal_core.settings import portal_path, portal_setting
from portal_core.vocabulary import LEVEL_LABELS, STAGE_LABELS

from .contributing import proposal_links
from .filters import FILTERS
from .metadata import initiative_ld, json_script, site_address
from .sitemap import write_sitemap


def contact_url(settings: dict[str, Any]) -> str:
    """Where to write to the publisher: PORTAL_CONTACT_URL, else the repository's issues."""
    contact = portal_setting(settings, "PORTAL_CONTACT_URL")
    if contact:
        return contact
    repository = portal_setting(settings, "PORTAL_REPOSITORY_URL").rstrip("/")
    return f"{repository}/issues" if repository else ""


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
    globals_["initiative_ld"] = partial(
        initiative_ld, site=site, sitename=settings["SITENAME"], publisher=portal_setting(settings, "PORTAL_PUBLISHER")
    )


def sitemap(pelican: Pelican) -> None:
    """Write sitemap.xml and robots.txt once every page is written."""
    write_sitemap(Path(pelican.output_path), site_address(pelican.settings))


def register() -> None:
    """Connect the theme configuration and the sitemap."""
    signals.initialized.connect(configure)
    signals.finalized.connect(sitemap)
