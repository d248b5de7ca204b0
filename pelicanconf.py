"""Pelican settings of the portal (development). publishconf.py overrides for production."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent

SITENAME = "Bonnes pratiques des collectivités"
SITESUBTITLE = "Les initiatives locales primées, à retrouver, comparer et reprendre"
SITEURL = ""
RELATIVE_URLS = False
DEFAULT_LANG = "fr"
TIMEZONE = "Europe/Paris"

PATH = str(ROOT / "content")
OUTPUT_PATH = str(ROOT / "output")
THEME = str(ROOT / "theme")
PLUGIN_PATHS = [str(ROOT / "plugins")]
PLUGINS = ["portal_core", "portal_reader", "portal_theme", "portal_taxonomy", "portal_opendata", "portal_search"]

# Only initiatives are content; the other pages are theme templates.
ARTICLE_PATHS = [""]
PAGE_PATHS: list[str] = []
STATIC_PATHS: list[str] = []
ARTICLE_URL = "initiatives/{slug}/"
ARTICLE_SAVE_AS = "initiatives/{slug}/index.html"
DIRECT_TEMPLATES = [
    "index",
    "page404",
    "recherche",
    "mentions_legales",
    "accessibilite",
    "donnees_personnelles",
    "proposer",
]
INDEX_SAVE_AS = "index.html"
PAGE404_SAVE_AS = "404.html"
RECHERCHE_SAVE_AS = "recherche/index.html"
# Legal pages, linked from every page's footer.
MENTIONS_LEGALES_SAVE_AS = "mentions-legales/index.html"
ACCESSIBILITE_SAVE_AS = "accessibilite/index.html"
DONNEES_PERSONNELLES_SAVE_AS = "donnees-personnelles/index.html"
# How to propose an initiative (links built from PORTAL_REPOSITORY_URL), linked from every footer.
PROPOSER_SAVE_AS = "proposer/index.html"
# Index pages are paginated with clean URLs: .../page/2/.
DEFAULT_PAGINATION = 24
PAGINATED_TEMPLATES = {"topic": None, "territory": None, "medal": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Pelican's own taxonomies are replaced by the portal's (category, territory, medal).
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "initiatives"
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
PAGE_SAVE_AS = ""

# Safe defaults: no drafts on the site, no dates from file times, no stale cache.
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DEFAULT_DATE = None
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = True
OUTPUT_RETENTION: list[str] = []

# Feeds need absolute URLs: locally they point at the development server;
# publishconf.py points them at the public address. Canonical URLs, OpenGraph tags,
# the JSON-LD, sitemap.xml and robots.txt use SITEURL when it is absolute, and this
# address otherwise (portal_theme.metadata.site_address).
FEED_DOMAIN = "http://127.0.0.1:8000"
# The portal writes every feed itself (portal_taxonomy.feeds, PORTAL_FEED_ALL_ATOM…).
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# Jinja escapes everything by default; only sanitised Markdown is marked safe.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

MARKDOWN = {
    "extensions": ["markdown.extensions.extra", "markdown.extensions.sane_lists"],
    "extension_configs": {},
    "output_format": "html5",
}

# The portal's own settings (defaults in plugins/portal_core/settings.py).
# On GitHub Actions, GITHUB_REPOSITORY ("owner/name") says where the sources live.
_REPOSITORY = os.environ.get("GITHUB_REPOSITORY", "")
PORTAL_REPOSITORY_URL = f"https://github.com/{_REPOSITORY}" if _REPOSITORY else ""
PORTAL_REPOSITORY_BRANCH = "main"
