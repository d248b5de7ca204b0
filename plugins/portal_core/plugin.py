"""The portal's core: settings, validation, model and vocabularies shared by every plugin.

Signal: `initialized`, the first one Pelican sends, so that the defaults of every
portal setting are installed and checked once, before any other plugin or template
reads them. List `portal_core` first in PLUGINS.
"""

from __future__ import annotations

from pelican import Pelican, signals

from .settings import install_defaults


def install_settings(pelican: Pelican) -> None:
    """Give every portal setting its default, and stop on an invalid value."""
    install_defaults(pelican.settings)


def register() -> None:
    """Connect the settings installation."""
    signals.initialized.connect(install_settings)
