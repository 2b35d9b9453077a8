"""The parameter registry: every number has a unit, a citation that exists, and a grade."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from naltrexone_course import parameters
from naltrexone_course.sources import parameters_markdown

BIB = Path(__file__).resolve().parents[1] / "book" / "references.bib"


def bib_keys() -> set[str]:
    return set(re.findall(r"^@\w+\{([^,\s]+),", BIB.read_text(), flags=re.MULTILINE))


def test_every_citation_key_is_in_references_bib():
    missing = {p.name: p.citation for p in parameters.PARAMETERS.values() if p.citation not in bib_keys()}
    assert not missing, f"parameters cite keys missing from book/references.bib: {missing}"


def test_bib_keys_are_unique():
    keys = re.findall(r"^@\w+\{([^,\s]+),", BIB.read_text(), flags=re.MULTILINE)
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    assert not duplicates, f"duplicate keys in book/references.bib: {duplicates}"


def test_every_parameter_has_unit_grade_and_description():
    for p in parameters.PARAMETERS.values():
        assert p.unit, f"{p.name} has no unit"
        assert p.description, f"{p.name} has no description"
        assert p.confidence in parameters.CONFIDENCE_GRADES
        assert p.evidence in parameters.EVIDENCE_KINDS


def test_toy_values_say_they_are_toys():
    for p in parameters.PARAMETERS.values():
        assert (p.confidence == "toy") == (p.evidence == "toy"), (
            f"{p.name}: a toy value must be graded toy for both confidence and evidence"
        )


def test_unknown_name_is_a_clear_error():
    with pytest.raises(ValueError, match="name must be a known parameter"):
        parameters.value("naltrexone_half_life_in_years")


def test_bad_records_are_refused():
    with pytest.raises(ValueError, match="confidence"):
        parameters.Parameter("x", 1.0, "nM", "key", "certain", "human", "binding", "d")
    with pytest.raises(ValueError, match="value"):
        parameters.Parameter("x", float("nan"), "nM", "key", "high", "human", "binding", "d")


def test_sources_page_lists_every_parameter_with_its_citation():
    text = parameters_markdown()
    for p in parameters.PARAMETERS.values():
        assert f"`{p.name}`" in text
        assert f"{{cite:p}}`{p.citation}`" in text


def test_no_parameter_name_promises_protection():
    """Issue 30: a plasma level is a measurement band, never 'protective' (the course's rule:
    occupancy is not protection); the 1-2 ng/mL band is named for what it is."""
    from naltrexone_course import parameters as registry

    assert not [name for name in registry.PARAMETERS if "protect" in name]
    assert registry.value("naltrexone_plasma_band_high_ng_ml") == 2.0
