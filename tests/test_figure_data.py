"""The numbers behind every figure of the built book (nxc_explorer.data).

Every figure's every frame has its CSV beside its PNG files in the site's ``_frames/``, and
the whole figure one CSV with a block of rows per frame; the page links the shown view's and
the whole figure's. The CSV of a frame is what the drawing function drew: recomputed here
from the models."""

from __future__ import annotations

import csv
import html
import io
import json
import re

import numpy as np
import pytest

from conftest import pages_with_figures

pytestmark = pytest.mark.site


def figures(site, page: str) -> list[tuple[str, dict]]:
    text = (site / f"{page}.html").read_text(encoding="utf-8")
    found = []
    for match in re.finditer(r'<div class="nxc-explorer"([^>]*)>', text):
        attrs = match.group(1)
        fid = re.search(r'\bid="([^"]+)"', attrs).group(1)
        spec = json.loads(html.unescape(re.search(r'data-nxc-frames="([^"]+)"', attrs).group(1)))
        found.append((fid, spec))
    return found


def rows(site, name: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO((site / "_frames" / name).read_text(encoding="utf-8"))))


@pytest.mark.parametrize("page", pages_with_figures())
def test_every_frame_has_its_table_and_the_figure_one_block_per_frame(site, page):
    text = (site / f"{page}.html").read_text(encoding="utf-8")
    for fid, spec in figures(site, page):
        assert len(spec.get("data", [])) == len(spec["frames"]) and spec.get("all"), f"{fid}: no data tables"
        names = [c["name"] for c in spec["controls"]]
        blocks: list[list[dict]] = []
        for row in rows(site, spec["all"]):
            key = [row[n] for n in names]
            if not blocks or [blocks[-1][0][n] for n in names] != key:
                blocks.append([])
            blocks[-1].append(row)
        assert len(blocks) == len(spec["frames"]), (
            f"{fid}: {len(blocks)} blocks for {len(spec['frames'])} frames"
        )
        for block, name in zip(blocks, spec["data"]):
            frame = rows(site, name)
            assert frame and block == frame, f"{fid}: the whole figure's block differs from the frame's CSV"
            assert list(frame[0])[: len(names)] == names, "control values are the first columns"
        assert f'href="../_frames/{spec["all"]}"' in text, f"{fid}: no link to the whole figure's CSV"


@pytest.mark.parametrize("page", pages_with_figures())
def test_every_series_in_every_table_has_the_name_the_figure_gives_it(site, page):
    """A series the figure names only with text on the plot (bars named beside them, a marker
    explained in a note) still has that name in the table, never "bars 1" or "line 3"."""
    from nxc_explorer.data import unnamed

    for fid, spec in figures(site, page):
        nameless = sorted(
            {(r["panel"], r["series"]) for r in rows(site, spec["all"]) if unnamed(r["series"])}
        )
        assert not nameless, f"{page}: {fid}: series without a name in its CSV: {nameless[:6]}"


def test_the_occupancy_figures_csv_is_the_binding_model(site):
    from naltrexone_course import binding

    (fid, spec), _ = figures(site, "book/antagonism")
    assert fid == "fig-receptor-occupancy"
    values = [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100]  # the figure's slider, in frame order
    for value, name in zip(values, spec["data"]):
        table = rows(site, name)
        assert {float(r["free_naltrexone_nM"]) for r in table} == {value}
        for receptor in binding.RECEPTORS:
            curve = [r for r in table if r["series"].startswith(f"{receptor} (Ki")]
            x = np.array([float(r["x"]) for r in curve])
            y = np.array([float(r["y"]) for r in curve])
            assert len(x) > 50 and curve[0]["y_label"] == "receptors occupied (%)"
            assert np.allclose(y, 100 * binding.naltrexone_occupancy(x, receptor), rtol=1e-5, atol=1e-6), (
                receptor
            )
            (bar,) = [r for r in table if r["x"] == receptor]
            assert float(bar["y"]) == pytest.approx(
                100 * binding.naltrexone_occupancy(value, receptor), rel=1e-5
            )


def test_the_single_tablets_csv_is_the_pk_model(site):
    from naltrexone_course import pk

    found = dict(figures(site, "book/pill-to-receptor"))
    spec = found["fig-single-tablet"]
    doses = [2, 5, 15, 50, 100]
    per_dose = len(spec["data"]) // len(doses)  # each dose's frames: measurements hidden, shown
    assert per_dose * len(doses) == len(spec["data"])
    for i, name in enumerate(spec["data"]):
        dose = doses[i // per_dose]
        table = [r for r in rows(site, name) if r["panel"] == f"One {dose:g} mg tablet"]
        occupied = [r for r in table if r["series"] == "mu receptors occupied"]
        # plasma in ng/mL on its own log axis (issue 29: not each curve against its own peak)
        plasma = [r for r in table if r["series"] == "plasma naltrexone (ng/mL)"]
        assert occupied and plasma and occupied[0]["x_label"] == "hours after one tablet"
        hours = np.array([float(r["x"]) for r in occupied])
        regimen = pk.oral(dose)
        model = pk.occupancy(regimen, hours)
        assert np.allclose([float(r["y"]) for r in occupied], 100 * model, rtol=1e-5, atol=1e-5), dose
        level = pk.plasma(regimen, hours)
        drawn = np.clip(level, 1e-3, None)  # the log axis starts at 0.001 ng/mL
        assert np.allclose([float(r["y"]) for r in plasma], drawn, rtol=1e-4, atol=1e-6), dose
