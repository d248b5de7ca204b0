"""Give templates the portal's filters and vocabularies.

Signal: `initialized`, because generators build their Jinja environment from the
settings right after it; filters added later would not be seen.
"""

from __future__ import annotations

from pelican import signals
from portal_core.registry import LEVEL_LABELS, load_registry
from portal_core.settings import install_defaults, portal_path

from .filters import FILTERS

STAGE_LABELS = {
    "etude": "Étude",
    "experimentation": "Expérimentation",
    "en-service": "En service",
    "termine": "Terminé",
    "inconnu": "Non précisé",
}


def configure(pelican):
    """Install default PORTAL_ settings, filters, and vocabularies for templates."""
    settings = pelican.settings
    install_defaults(settings)
    settings.setdefault("JINJA_FILTERS", {}).update(FILTERS)
    globals_ = settings.setdefault("JINJA_GLOBALS", {})
    globals_["REGISTRY"] = load_registry(portal_path(settings, "PORTAL_DATA_DIR"))
    globals_["LEVEL_LABELS"] = LEVEL_LABELS
    globals_["STAGE_LABELS"] = STAGE_LABELS


def register():
    """Connect the theme configuration."""
    signals.initialized.connect(configure)
