"""Territory derivation from the official dataset."""

from __future__ import annotations

from portal_core.settings import portal_path
from portal_core.territories import Gazetteer, load_gazetteer, read_dataset
import pytest


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer(portal_path({}, "PORTAL_GEO_DATA"))


def test_commune_to_departement_to_region(gazetteer):
    albi = gazetteer.get("commune", "81004")
    assert (albi.name, albi.departement, albi.region) == ("Albi", "81", "76")
    assert gazetteer.get("departement", "81").name == "Tarn"
    assert gazetteer.get("region", "76").name == "Occitanie"


def test_corsica_and_overseas_codes(gazetteer):
    assert gazetteer.get("commune", "2A004").name == "Ajaccio"
    assert gazetteer.get("departement", "2A").region == "94"
    assert gazetteer.get("departement", "974").name == "La Réunion"


def test_epci_by_siren_takes_the_departement_of_most_of_its_population(gazetteer):
    grand_paris = gazetteer.get("epci", "200054781")
    assert grand_paris.name == "Métropole du Grand Paris"
    assert (grand_paris.departement, grand_paris.region) == ("75", "11")


def test_delegated_communes_are_not_collectivities(gazetteer):
    assert gazetteer.get("commune", "75101") is None
    assert gazetteer.get("arrondissement", "75101").name == "Paris 1er Arrondissement"


def test_departement_population_is_the_sum_of_its_communes(gazetteer):
    total = sum(c.population or 0 for c in gazetteer.all("commune") if c.departement == "81")
    assert gazetteer.get("departement", "81").population == total > 300_000


def test_the_dataset_keeps_only_collectivities_and_says_when_it_is_missing(tmp_path):
    dataset = read_dataset(portal_path({}, "PORTAL_GEO_DATA"))
    assert {row["type"] for row in dataset.communes} == {"commune-actuelle"}
    assert {row["type"] for row in dataset.arrondissements} == {"arrondissement-municipal"}
    assert any(row["type"] == "EPT" for row in dataset.epci)
    with pytest.raises(FileNotFoundError, match="lancez « npm ci »"):
        read_dataset(str(tmp_path))
