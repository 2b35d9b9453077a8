"""The widget builder: frames, links, alt text and the live mode."""

from __future__ import annotations

import base64
import io
import re

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pytest
from ipywidgets.widgets.widget import _instances
from ipywidgets.widgets.widget_link import Link
from PIL import Image

from naltrexone_course.explorer import Control, explore, frame_count, grid, render_png


def draw_line(slope: float, offset: float = 0.0):
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1], [offset, offset + slope])
    ax.set_ylim(-3, 3)
    return fig


def describe_line(slope: float, offset: float = 0.0) -> str:
    return f"A line of slope {slope} starting at {offset}."


SLOPE = Control("slope", "Slope", values=[-1, 0, 1, 2], unit="per step", default=1)
OFFSET = Control("offset", "Offset", values=[0, 0.5, 1], unit="units")


def frames(box) -> list[widgets.HTML]:
    stack = box.children[-1]
    out = []
    for child in stack.children:
        out.extend(child.children if isinstance(child, widgets.Stack) else [child])
    return out


def links_to(target) -> list[Link]:
    """Every live jslink whose target is ``target`` (as the browser will see them)."""
    return [w for w in _instances.values() if isinstance(w, Link) and w.target[0] is target]


def test_one_control_has_one_frame_per_value_and_a_link():
    box = explore(draw_line, describe_line, SLOPE)
    slider, stack = box.children
    assert isinstance(slider, widgets.SelectionSlider)
    assert frame_count(box) == len(SLOPE.values) == len(stack.children)
    assert stack.selected_index == slider.index == SLOPE.values.index(1)
    (link,) = links_to(stack)
    assert link.source == (slider, "index") and link.target == (stack, "selected_index")


def test_two_controls_make_a_stack_of_stacks_with_every_inner_stack_linked():
    box = explore(draw_line, describe_line, SLOPE, OFFSET)
    first, second, stack = box.children
    assert frame_count(box) == len(SLOPE.values) * len(OFFSET.values) == len(grid([SLOPE, OFFSET]))
    assert links_to(stack)[0].source == (first, "index")
    for inner in stack.children:
        assert isinstance(inner, widgets.Stack)
        assert [link.source for link in links_to(inner)] == [(second, "index")]


def test_frames_differ_and_carry_alt_text():
    box = explore(draw_line, describe_line, SLOPE)
    html_frames = [f.value for f in frames(box)]
    images = [re.search(r'src="data:image/png;base64,([^"]+)"', h).group(1) for h in html_frames]
    assert len(set(images)) == len(images), "every frame must show a different picture"
    for value, h in zip(SLOPE.values, html_frames):
        assert f'alt="A line of slope {value} starting at 0.0."' in h


def test_frames_are_palette_pngs():
    png = render_png(draw_line(1.0))
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.mode == "P"


def test_readout_shows_value_with_unit():
    slider = SLOPE.slider()
    assert slider.options[slider.index][0] == "1 per step"
    assert [label for label, _ in slider.options] == ["-1 per step", "0 per step", "1 per step", "2 per step"]
    assert slider.description == "Slope"


def test_string_values_read_as_they_are():
    route = Control("route", "Route", values=["tablet", "injection"])
    assert route.readout("tablet") == "tablet"


def test_live_mode_redraws_on_change():
    box = explore(draw_line, describe_line, SLOPE, live=True)
    slider, view = box.children
    before = view.value
    slider.index = 3
    assert view.value != before
    assert 'alt="A line of slope 2 starting at 0.0."' in view.value


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Control("slope", "Slope", values=[]), "must not be empty"),
        (lambda: Control("slope", "Slope", values=[1, 1]), "distinct"),
        (lambda: Control("slope", "Slope", values=[1, 2], default=3), "default"),
        (lambda: Control("not a name", "Slope", values=[1]), "identifier"),
        (lambda: explore(draw_line, describe_line), "one or two"),
        (lambda: explore(draw_line, describe_line, SLOPE, SLOPE), "distinct names"),
        (lambda: explore("draw", describe_line, SLOPE), "draw must be"),
        (lambda: explore(draw_line, lambda slope: "", SLOPE), "non-empty alt text"),
    ],
)
def test_bad_figures_fail_loudly(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_frame_image_decodes():
    box = explore(draw_line, describe_line, SLOPE)
    data = re.search(r'base64,([^"]+)"', frames(box)[0].value).group(1)
    Image.open(io.BytesIO(base64.b64decode(data))).verify()
