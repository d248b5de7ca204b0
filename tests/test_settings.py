"""Portal settings: defaults installed once by portal_core, checked, read one way."""

from __future__ import annotations

from pelican import Pelican
from portal_core.settings import DEFAULTS, install_defaults, portal_path, portal_setting
import pytest
from support import ROOT, site_settings


def test_the_core_plugin_installs_every_default_at_initialized(tmp_path):
    (tmp_path / "content").mkdir()
    settings = Pelican(site_settings(tmp_path)).settings
    # The two that support.site_settings sets for every test site.
    set_by_tests = {"PORTAL_REPOSITORY_URL", "PORTAL_CACHE_DIR"}
    assert {name: settings[name] for name in DEFAULTS if name not in set_by_tests} == {
        name: value for name, value in DEFAULTS.items() if name not in set_by_tests
    }


def test_a_site_value_wins_over_the_default():
    settings = {"PORTAL_LATEST_COUNT": 3}
    install_defaults(settings)
    assert settings["PORTAL_LATEST_COUNT"] == 3
    assert settings["PORTAL_SEARCH_DIR"] == DEFAULTS["PORTAL_SEARCH_DIR"]


def test_every_invalid_setting_is_listed_in_french():
    settings = {
        "PORTAL_LATEST_COUNT": "8",
        "PORTAL_ACCESSIBILITY_STATUS": "conforme",
        "PORTAL_ACCESSIBILITY_DATE": "1er mars 2027",
        "PORTAL_SEARCH_STORE_CHUNK": 0,
        "TOPIC_SAVE_AS": "thematiques/index.html",
    }
    with pytest.raises(ValueError) as raised:
        install_defaults(settings)
    assert str(raised.value).splitlines() == [
        "Réglages du portail invalides :",
        "PORTAL_LATEST_COUNT : « 8 » doit être un nombre entier",
        "PORTAL_ACCESSIBILITY_STATUS : « conforme » n'est pas l'un de "
        "« totalement conforme », « partiellement conforme », « non conforme »",
        "PORTAL_ACCESSIBILITY_DATE : « 1er mars 2027 » doit être une date AAAA-MM-JJ",
        "TOPIC_SAVE_AS : « thematiques/index.html » doit contenir {slug} (une page par valeur)",
        "PORTAL_SEARCH_STORE_CHUNK : « 0 » doit être au moins 1",
    ]


def test_outside_pelican_a_plain_dict_reads_the_defaults():
    assert portal_setting({}, "PORTAL_LATEST_COUNT") == DEFAULTS["PORTAL_LATEST_COUNT"]
    assert portal_path({}, "PORTAL_DATA_DIR") == str(ROOT / "data")
    assert portal_path({"PORTAL_DATA_DIR": "/ailleurs"}, "PORTAL_DATA_DIR") == "/ailleurs"


def test_an_unknown_setting_name_is_an_error():
    with pytest.raises(KeyError, match="réglage inconnu : PORTAL_NOPE"):
        portal_setting({}, "PORTAL_NOPE")
