"""Territory derivation from the official dataset."""

from __future__ import annotations

from portal_core.settings import portal_path
from portal_core.territories import load_gazetteer

GAZETTEER = load_gazetteer(portal_path({}, "PORTAL_GEO_DATA"))


def test_commune_to_departement_to_region():
    albi = GAZETTEER.get("commune", "81004")
    assert (albi.name, albi.departement, albi.region) == ("Albi", "81", "76")
    assert GAZETTEER.get("departement", "81").name == "Tarn"
    assert GAZETTEER.get("region", "76").name == "Occitanie"


def test_corsica_and_overseas_codes():
    assert GAZETTEER.get("commune", "2A004").name == "Ajaccio"
    assert GAZETTEER.get("departement", "2A").region == "94"
    assert GAZETTEER.get("departement", "974").name == "La Réunion"


def test_epci_by_siren_takes_the_departement_of_most_of_its_population():
    grand_paris = GAZETTEER.get("epci", "200054781")
    assert grand_paris.name == "Métropole du Grand Paris"
    assert (grand_paris.departement, grand_paris.region) == ("75", "11")


def test_delegated_communes_are_not_collectivities():
    assert GAZETTEER.get("commune", "75101") is None
    assert GAZETTEER.get("arrondissement", "75101").name == "Paris 1er Arrondissement"


def test_departement_population_is_the_sum_of_its_communes():
    total = sum(c.population or 0 for c in GAZETTEER.all("commune") if c.departement == "81")
    assert GAZETTEER.get("departement", "81").population == total > 300_000
