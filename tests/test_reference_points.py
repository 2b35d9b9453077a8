"""The reference points of the pk and blockade models are data (issue 20, part of issue 17).

``src/naltrexone_course/data/reference_points.csv`` is read by the fit (``tools/pk_fit.py``),
the residual table (``tools/pk_reference_table.py`` and the book) and these tests. A
contributor who breaks a row gets a message that names the line and what to fix.
"""

from __future__ import annotations

import re
from importlib import resources

import pytest

from naltrexone_course import parameters, pk_checks

from conftest import ROOT

CSV = resources.files("naltrexone_course").joinpath("data", pk_checks.DATA_FILE).read_text(encoding="utf-8")
BIB_KEYS = set(
    re.findall(r"^\s*@\w+\s*\{\s*([^,\s]+)\s*,", (ROOT / "book" / "references.bib").read_text(), re.M)
)


def test_the_table_ships_with_the_package_and_holds_every_point():
    points = pk_checks.read_reference_points()
    assert [p.key for p in points] == [p.key for p in pk_checks.REFERENCE_POINTS]
    assert len(points) >= 30
    assert {"R1", "R5.7", "R7", "B1", "B2", "B3", "B4", "B5.300", "B6.384", "A"} <= {p.key for p in points}


def test_every_point_cites_the_bibliography_and_has_a_named_computation():
    for point in pk_checks.REFERENCE_POINTS:
        assert point.cite and set(point.cite) <= BIB_KEYS, point.key
        assert point.computation in pk_checks.COMPUTATIONS, point.key
        assert point.sd > 0 and point.unit, point.key
        assert "{" not in point.what + point.note, f"{point.key}: a placeholder was not filled in"


def test_a_target_may_name_a_parameter_and_a_text_quote_one():
    points = {p.key: p for p in pk_checks.REFERENCE_POINTS}
    assert points["B4"].target == parameters.value("blockade_nearly_complete")
    assert points["A"].target == parameters.value("heroin_25mg_iv_effect_anchor")
    criterion = parameters.value("blockade_duration_criterion")
    assert f"≥ {criterion:.0%}" in points["B1"].what


def test_the_model_value_is_the_named_computation_with_its_arguments():
    point = next(p for p in pk_checks.REFERENCE_POINTS if p.key == "C02a")
    assert point.arguments == {"dose_mg": 384.0, "level_ng_ml": 1.0}
    assert point.model() == pytest.approx(pk_checks.days_above(384, 1.0))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace("tablet_peak_level", "tablet_peek", 1), "unknown computation 'tablet_peek'"),
        (
            lambda t: t.replace("dose_mg=50; analyte=naltrexone", "dose_mg 50", 1),
            "must be written name=value",
        ),
        (lambda t: t.replace(",13.3,1.33,", ",13.3,0,", 1), "needs an SD > 0"),
        (lambda t: t.replace(",blockade_nearly_complete,", ",blockade_nearly,", 1), "blockade_nearly"),
        (lambda t: t.replace("key,what", "name,what", 1), "the columns must be"),
    ],
)
def test_a_broken_row_says_where_and_what(change, message):
    with pytest.raises(ValueError, match=re.escape(message)) as error:
        pk_checks.read_reference_points(change(CSV))
    assert "reference_points.csv" in str(error.value)
