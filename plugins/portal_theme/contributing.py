"""Links of the « Proposer une initiative » page, built from PORTAL_REPOSITORY_URL.

Three ways in: the issue form, GitHub's web editor with a new file prefilled from
data/initiative-template.md, and CONTRIBUTING.md. Without a repository (a local build
with no GITHUB_REPOSITORY), there are no links: the page says where they come from.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from portal_core.issue_form import FORM_PATH
from portal_core.settings import portal_path, portal_setting

# What the prefilled file holds until the contributor replaces it: every placeholder
# fails validation with a message that lists the valid values.
SKELETON_VALUES = {
    "title": "Intitulé du projet",
    "date": "AAAA-MM-JJ",
    "kind": "commune",
    "code": "CODE OFFICIEL",
    "scheme": "territoria",
    "year": "AAAA",
    "level": "or",
    "category": "Catégorie du prix",
    "categories": "  - thematique-a-choisir",
    "source": "document-source",
}
EDITOR_FILENAME = "nom-de-la-collectivite-intitule-du-projet.md"


def skeleton(settings: dict[str, Any]) -> str:
    """The new file the web editor opens with."""
    template = Path(portal_path(settings, "PORTAL_DATA_DIR")) / "initiative-template.md"
    return template.read_text(encoding="utf-8").format(**SKELETON_VALUES)


def proposal_links(settings: dict[str, Any]) -> dict[str, str]:
    """{issue_form, editor, contributing} URLs, or {} when no repository is known."""
    repository = portal_setting(settings, "PORTAL_REPOSITORY_URL").rstrip("/")
    if not repository:
        return {}
    branch = quote(portal_setting(settings, "PORTAL_REPOSITORY_BRANCH"), safe="")
    return {
        "issue_form": f"{repository}/issues/new?template={quote(Path(FORM_PATH).name)}",
        "editor": (
            f"{repository}/new/{branch}/content/initiatives"
            f"?filename={quote(EDITOR_FILENAME)}&value={quote(skeleton(settings), safe='')}"
        ),
        "contributing": f"{repository}/blob/{branch}/CONTRIBUTING.md",
        "repository": repository,
    }
