"""Write /donnees/ (exports, schemas, Données page) and the redirects of renamed pages."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from pelican.generators import Generator
from portal_core.buildmemo import SameInputs
from portal_core.registry import load_registry
from portal_core.settings import portal_path, portal_setting
from portal_theme.metadata import site_address
import yaml

from .catalogue import Catalogue, build_catalogue
from .citation import BIBTEX_NAME, CSL_NAME, Citation, citation
from .exports import Published
from .schemas import Schemas

if TYPE_CHECKING:
    from pelican.contents import Article
    from pelican.writers import Writer


# `invoke livereload`: an edit that changes no exported value (a fiche's body) builds no export again.
CATALOGUE: SameInputs[Catalogue] = SameInputs()
CITATIONS: SameInputs[dict[str, Citation]] = SameInputs()


def published(article: Article, siteurl: str) -> Published:
    """The initiative of an article with its public URL and its dates as AAAA-MM-JJ."""
    modified = article.metadata.get("modified")
    return Published(
        initiative=article.initiative,
        url=f"{siteurl}/{article.url}",
        date=article.date.strftime("%Y-%m-%d"),
        modified=modified.strftime("%Y-%m-%d") if modified else None,
    )


def redirect_paths(article: Article, settings: dict[str, Any]) -> list[str]:
    """The output path of each former slug of an article, from ARTICLE_SAVE_AS."""
    return [
        settings["ARTICLE_SAVE_AS"].format(**{**article.url_format, "slug": old})
        for old in article.initiative.former_slugs
    ]


def read_crosswalk(path: Path) -> dict:
    """The crosswalk to « Projets de collectivités »: the schema it targets and its rows."""
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    for index, row in enumerate(data["rows"]):
        missing = {"ours", "theirs", "table", "note"} - set(row)
        if missing:
            raise ValueError(f"{path}: rows[{index}] : champ(s) manquant(s) {', '.join(sorted(missing))}")
    return data


class OpenDataGenerator(Generator):
    """Build the exports once every initiative is read, then write them with their page."""

    def generate_context(self) -> None:
        """Build the catalogue from the articles and publish it to templates as `opendata`."""
        siteurl = self.settings["SITEURL"]
        items = [published(article, siteurl) for article in self.context["articles"]]
        catalogue_inputs = (
            items,
            load_registry(portal_path(self.settings, "PORTAL_DATA_DIR")),
            Schemas.from_settings(self.settings),
            self.settings["SITENAME"],
            siteurl,
            portal_setting(self.settings, "PORTAL_OPENDATA_DIR"),
            read_crosswalk(Path(portal_path(self.settings, "PORTAL_DATA_DIR")) / "crosswalk.yaml"),
        )
        self.context["opendata"] = CATALOGUE(catalogue_inputs, lambda: build_catalogue(*catalogue_inputs))
        # Citations give the absolute address, even in development where SITEURL is "".
        site = site_address(self.settings)
        cited = {article.slug: published(article, site) for article in self.context["articles"]}
        sitename, publisher = self.settings["SITENAME"], portal_setting(self.settings, "PORTAL_PUBLISHER")
        self.context["citations"] = CITATIONS(
            (cited, sitename, publisher),
            lambda: {slug: citation(item, sitename, publisher) for slug, item in cited.items()},
        )

    def generate_output(self, writer: Writer) -> None:
        """Write the data files, the Données page, each fiche's citation files and the redirects."""
        catalogue: Catalogue = self.context["opendata"]
        for data_file in catalogue.files:
            target = Path(self.output_path, data_file.path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data_file.content)
        writer.write_file(
            catalogue.save_as,
            self.get_template("donnees"),
            self.context,
            url=catalogue.url,
            page_name="donnees",
            template_name="donnees",
        )
        for article in self.context["articles"]:
            folder = Path(self.output_path, article.save_as).parent
            folder.mkdir(parents=True, exist_ok=True)
            cite = self.context["citations"][article.slug]
            (folder / CSL_NAME).write_bytes(cite.csl_json)
            (folder / BIBTEX_NAME).write_bytes(cite.bibtex)
        redirect = self.get_template("redirect")
        for article in sorted(self.context["articles"], key=lambda a: a.slug):
            for save_as in redirect_paths(article, self.settings):
                writer.write_file(save_as, redirect, self.context, article=article)
