"""nxc_explorer.native_controls: a figure's native controls rendered from its widget state.

The explorer's control kinds (``Control.kind``) are the one source of both renderings: the
ipywidget a kernel shows, and the HTML the built book shows. These tests build explorers
the way a chapter does (with a frame store), take the widget state a notebook would save,
and check the rendered HTML offers exactly the widget's options, labels, order and default."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pytest

from naltrexone_course.explorer import Control, explore, figure_id
from nxc_explorer import native_controls as native

ROOT = Path(__file__).resolve().parents[1]


def draw_dose(dose: float = 2, regimen: str = "daily tablets", claim: str = "a", layout: str = "wide"):
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1], [0, dose])
    ax.set_title(regimen)
    return fig


def describe_dose(dose: float = 2, regimen: str = "daily tablets", claim: str = "a") -> str:
    return f"At {dose} mg with {regimen} ({claim}), the curve rises to {dose}."


DOSE = Control("dose", "Tablet dose", values=[2, 5, 15, 50], unit="mg", default=15)
REGIMEN = Control(
    "regimen", "Regimen", values=["daily tablets", "monthly injection"], default="monthly injection"
)
CLAIM = Control("claim", "Claim", values=["a", "b c", "d", "e f g"], default="d")


#: The tests that take ``built`` draw and store real frames: `make fast` runs them when the
#: explorer, the native controls or this file changed (`make test` always).
BUILDS = pytest.mark.figures(
    "naltrexone_course.explorer", "src/nxc_explorer/native_controls.py", "tests/test_native_controls.py"
)


@pytest.fixture
def built(tmp_path, monkeypatch):
    """Explorers as the book's build makes them: a frame store and the static HTML shown."""
    from nxc_explorer import explorer

    (tmp_path / "_config.yml").write_text("title: test\n")
    (tmp_path / "book").mkdir()
    monkeypatch.chdir(tmp_path / "book")
    monkeypatch.setenv(explorer.FRAME_STORE_ENV, str(tmp_path / "store"))
    shown: list[str] = []
    monkeypatch.setattr(explorer, "_display_html", shown.append)

    def make(*controls, **kwargs):
        box = explore(draw_dose, describe_dose, *controls, **kwargs)
        state = widgets.Widget.get_manager_state()["state"]
        view = native.VIEW + json.dumps({"model_id": box.model_id}) + "</script>"
        return box, shown[-1], view, state

    return make


def parse_controls(page: str) -> list[dict]:
    """The native controls in a piece of HTML: kind, label, option labels, default index."""
    found = []
    control = (
        r'<(?:div|fieldset) class="nxc-control (nxc-\w+)"(.*?)</(?:div|fieldset)>'
        r'(?=<div class="nxc-control|<fieldset class="nxc-control|</div>)'
    )
    for block in re.findall(control, page, re.S):
        kind, body = block
        label = html.unescape(re.search(r'class="nxc-label"[^>]*>([^<]*)<', body).group(1))
        if kind == "nxc-slider":
            labels = json.loads(html.unescape(re.search(r'data-nxc-labels="([^"]*)"', body).group(1)))
            default = int(re.search(r'<input type="range"[^>]* value="(\d+)"', body).group(1))
            assert re.search(r'max="(\d+)"', body).group(1) == str(len(labels) - 1)
            spoken = html.unescape(re.search(r'aria-valuetext="([^"]*)"', body).group(1))
            shown = html.unescape(re.search(r'class="nxc-readout"[^>]*>([^<]*)<', body).group(1))
            assert spoken == shown == labels[default], "the spoken value is the visible readout"
            found.append({"kind": "slider", "label": label, "labels": labels, "index": default})
        elif kind == "nxc-buttons":
            radios = re.findall(r'<input type="radio"[^>]*value="(\d+)"([^>]*)><span>([^<]*)</span>', body)
            assert [int(v) for v, _, _ in radios] == list(range(len(radios)))
            (default,) = [int(v) for v, rest, _ in radios if "checked" in rest]
            found.append(
                {
                    "kind": "buttons",
                    "label": label,
                    "labels": [html.unescape(t) for *_, t in radios],
                    "index": default,
                }
            )
        else:
            options = re.findall(r'<option value="(\d+)"( selected)?>([^<]*)</option>', body)
            (default,) = [int(v) for v, sel, _ in options if sel]
            found.append(
                {
                    "kind": "select",
                    "label": label,
                    "labels": [html.unescape(t) for *_, t in options],
                    "index": default,
                }
            )
    return found


@pytest.mark.parametrize(
    "controls",
    [(DOSE,), (REGIMEN, DOSE), (CLAIM,), (DOSE, CLAIM)],
    ids=["slider", "buttons+slider", "select", "slider+select"],
)
@BUILDS
def test_native_controls_offer_exactly_the_widget_options_labels_order_and_default(built, controls):
    box, static, view, state = built(*controls)
    page, fid = native.native_figure(static, view, state)
    assert fid == figure_id(draw_dose) == "fig-dose"
    assert f'id="{fid}"' in page
    rendered = parse_controls(page)
    expected = [
        {"kind": c.kind, "label": c.label, "labels": list(c.labels), "index": c.default_index}
        for c in controls
    ]
    assert rendered == expected
    widget_side = [
        {"label": w.description, "labels": list(w._options_labels), "index": w.index}
        for w in box.children[:-1]
    ]
    assert [{k: v for k, v in r.items() if k != "kind"} for r in rendered] == widget_side
    # what the default values printed by the static figure were is now the controls
    assert "nxc-static-control" not in page
    assert "Link to this view" in page and native.MARKER not in page


@BUILDS
def test_each_control_moves_the_frame_level_its_jslink_moves(built):
    _, static, view, state = built(REGIMEN, DOSE)
    page, _ = native.native_figure(static, view, state)
    axes = [int(a) for a in re.findall(r'data-nxc-axis="(\d)"', page)]
    assert axes == [0, 1], "the first control moves the outer stack, the second the inner ones"
    alts = json.loads(html.unescape(re.search(r'data-nxc-alts="([^"]*)"', page).group(1)))
    assert alts == [describe_dose(d, r) for r in REGIMEN.values for d in DOSE.values], "frames in grid order"


@BUILDS
def test_link_keys_are_readable_and_given_ids_are_kept(built):
    _, static, view, state = built(REGIMEN, DOSE, id="overcome")
    page, fid = native.native_figure(static, view, state)
    assert fid == "fig-overcome"
    keys = [json.loads(html.unescape(k)) for k in re.findall(r'data-nxc-keys="([^"]*)"', page)]
    assert keys == [["daily-tablets", "monthly-injection"], ["2", "5", "15", "50"]]
    names = re.findall(r'data-nxc-name="([^"]*)"', page)
    assert names == ["regimen", "dose"]
    assert Control("x", "X", values=[0.25, 1.0, 1e6]).keys == ("0.25", "1", "1000000")


@BUILDS
def test_a_widget_state_that_does_not_match_the_figure_is_refused(built):
    box, static, view, state = built(DOSE)
    slider = state[box.children[0].model_id]
    slider["state"]["_options_labels"] = slider["state"]["_options_labels"][:-1]
    with pytest.raises(ValueError, match="options"):
        native.native_figure(static, view, state)
    _, static, view, state = built(DOSE)
    for m in state.values():
        if m["model_name"] == "LinkModel":
            m["state"]["target"] = [m["state"]["target"][0], "value"]
    with pytest.raises(ValueError, match="linked"):
        native.native_figure(static, view, state)


@BUILDS
def test_labels_with_units_and_backslashes_are_rendered_as_they_are(built):
    """Readouts such as "10 µM" (JSON writes it as a \\u escape) and any backslash in a label
    reach the page unchanged: the rendered controls are inserted as text, not a regex template."""
    concentration = Control("dose", "Morphine", values=[1, 10], fmt=lambda v: f"{v} µM", kind="slider")
    odd = Control("regimen", r"Regimen \d", values=["daily tablets", "monthly injection"])
    _, static, view, state = built(concentration, odd)
    page, _ = native.native_figure(static, view, state)
    found = parse_controls(page)
    assert found[0]["labels"] == ["1 µM", "10 µM"]
    assert found[1]["label"] == r"Regimen \d"
