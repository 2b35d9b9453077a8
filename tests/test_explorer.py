"""The widget builder: frames, links, alt text and the live mode."""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import re

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pytest
from ipywidgets.widgets.widget import _instances
from ipywidgets.widgets.widget_link import Link
from PIL import Image

import naltrexone_course.explorer  # noqa: F401  (binds the engine to the course: its colours kept exact)
from nxc_explorer.explorer import (
    EXPLORER_CLASS,
    NARROW_MEDIA,
    WIDGET_MARKER,
    Control,
    explore,
    frame_count,
    grid,
    render_png,
)


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


def test_control_kind_follows_the_values():
    """Numbers are an ordered scale (a slider); two or three words are buttons side by
    side (no option hidden until moved); a longer list of words is a drop-down list."""
    assert SLOPE.kind == "slider" and isinstance(SLOPE.widget(), widgets.SelectionSlider)
    two = Control("arm", "Medicine", values=["tablets", "injection"])
    three = Control("arm", "Medicine", values=["a", "b", "c"], default="b")
    many = Control("claim", "Claim", values=["a", "b", "c", "d"])
    assert two.kind == three.kind == "buttons" and many.kind == "select"
    buttons = three.widget()
    assert isinstance(buttons, widgets.ToggleButtons)
    assert [label for label, _ in buttons.options] == ["a", "b", "c"] and buttons.index == 1
    assert isinstance(many.widget(), widgets.Dropdown)
    forced = Control("dose", "Dose", values=[1, 2], kind="buttons")
    assert isinstance(forced.widget(), widgets.ToggleButtons)
    with pytest.raises(ValueError, match="kind of control 'dose'"):
        Control("dose", "Dose", values=[1, 2], kind="knob")


def test_buttons_are_linked_to_their_frames_like_sliders():
    steepness = {"flat": 0.0, "steep": 2.0}
    box = explore(
        lambda slope: draw_line(steepness[slope]),
        lambda slope: describe_line(steepness[slope]),
        Control("slope", "Slope", values=list(steepness)),
    )
    buttons, stack = box.children
    assert isinstance(buttons, widgets.ToggleButtons)
    (link,) = box._nxc_links
    assert link.source == (buttons, "index") and link.target == (stack, "selected_index")


def test_readout_shows_value_with_unit():
    slider = SLOPE.widget()
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
        # (no control at all is a still figure: tests/test_engine_still.py)
        (lambda: explore(draw_line, describe_line, Control.toggle("points", "Points")), "one or two"),
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


# --------------------------------------------------------------------------- frames as files
def draw_panels(slope: float, layout: str = "wide"):
    """A figure-module style drawing function: two panels, stacked when narrow."""
    from naltrexone_course.figures.style import new_figure

    fig, axes = new_figure(2, layout=layout)
    for ax in axes:
        ax.plot([0, 1], [0, slope])
        ax.set_ylim(-3, 3)
    return fig


#: The tests below build real frame files (both layouts, 1x and 2x, palette PNGs): `make fast`
#: runs them when the explorer, the house style or this file changed (`make test` always).
BUILDS = pytest.mark.figures(
    "naltrexone_course.explorer", "naltrexone_course.figures.style", "tests/test_explorer.py"
)


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A build's frame store, and a page folder one level below the book's root."""
    from nxc_explorer import explorer

    (tmp_path / "_config.yml").write_text("title: test\n")
    page_dir = tmp_path / "book"
    page_dir.mkdir()
    monkeypatch.chdir(page_dir)
    monkeypatch.setenv(explorer.FRAME_STORE_ENV, str(tmp_path / "store"))
    shown = []
    monkeypatch.setattr(explorer, "_display_html", shown.append)
    return tmp_path / "store", shown


def _urls(text: str) -> list[str]:
    return re.findall(r'(?:src|srcset)="([^"]+)"', text)


@BUILDS
def test_built_frames_are_content_addressed_files_in_both_layouts_and_densities(store):
    folder, _ = store
    box = explore(draw_panels, describe_line, SLOPE)
    values = [f.value for f in frames(box)]
    assert all("data:" not in v for v in values), "a built frame must be a file URL, not a data URL"
    for value in values:
        assert f'<source media="{NARROW_MEDIA}"' in value, "phones must get the narrow frames"
        wide = re.search(r'<img src="([^"]+)" srcset="([^"]+)"', value)
        narrow = re.search(r'<source [^>]*srcset="([^"]+)"', value).group(1)
        for srcset in (wide.group(2), narrow):
            candidates = [c.split() for c in srcset.split(", ")]
            assert [d for _, d in candidates] == ["1x", "2x"]
            for url, _ in candidates:
                assert url.startswith("../_frames/"), url
                data = (folder / url.rsplit("/", 1)[1]).read_bytes()
                assert url.rsplit("/", 1)[1] == hashlib.sha256(data).hexdigest() + ".png"
    first = re.search(r'<img src="\.\./_frames/([^"]+)"[^>]*width="(\d+)" height="(\d+)"', values[0])
    one_x = Image.open(folder / first.group(1))
    assert one_x.size == (int(first.group(2)), int(first.group(3))), "width/height must be the 1x pixel size"
    narrow_1x, narrow_2x = re.search(r'<source [^>]*srcset="([^ ]+) 1x, ([^ ]+) 2x"', values[0]).groups()
    small, large = (Image.open(folder / u.rsplit("/", 1)[1]) for u in (narrow_1x, narrow_2x))
    assert large.size == (2 * small.size[0], 2 * small.size[1]), "2x frames have twice the pixels each way"
    assert small.size[0] < one_x.size[0] and small.size[1] > small.size[0], "narrow frames are stacked panels"


@BUILDS
def test_built_explorer_shows_the_default_figure_as_plain_html_first(store):
    _, shown = store
    box = explore(draw_panels, describe_line, SLOPE, caption="Try a steeper slope.")
    (static,) = shown
    assert 'class="nxc-explorer"' in static and WIDGET_MARKER in static
    assert 'alt="A line of slope 1 starting at 0.0."' in static, "the static frame is the default one"
    assert "Slope" in static and "1 per step" in static
    caption = re.search(r"<figcaption[^>]*>(.*?)</figcaption>", static).group(1)
    assert caption == "Try a steeper slope.", "the caption says what to try, not the alt text again"
    assert EXPLORER_CLASS not in box._dom_classes, "the widget joins the static figure's outer element"
    spec = json.loads(html.unescape(re.search(r'data-nxc-frames="([^"]+)"', static).group(1)))
    assert spec["shape"] == [len(SLOPE.values)] and len(spec["frames"]) == len(SLOPE.values)
    urls = {u.split()[0] for v in (f.value for f in frames(box)) for u in ", ".join(_urls(v)).split(", ")}
    names = {n for names in spec["frames"] for n in names}
    assert {u.rsplit("/", 1)[1] for u in urls} == names, "the page script must know every frame's files"


@BUILDS
def test_narrow_flag_and_drawings_without_a_layout_keep_one_layout(store):
    for box in (
        explore(draw_panels, describe_line, SLOPE, narrow=False),
        explore(draw_line, describe_line, SLOPE),
    ):
        value = frames(box)[0].value
        # no narrow frames (a <source> for the dark page may remain: the same one layout)
        assert NARROW_MEDIA not in value and re.search(r'srcset="[^"]+ 1x, [^"]+ 2x"', value)


@BUILDS
def test_a_kernel_without_a_frame_store_keeps_data_urls(monkeypatch):
    from nxc_explorer import explorer

    monkeypatch.delenv(explorer.FRAME_STORE_ENV, raising=False)
    box = explore(draw_panels, describe_line, SLOPE)
    assert EXPLORER_CLASS in box._dom_classes
    assert all('src="data:image/png;base64,' in f.value for f in frames(box))


@BUILDS
def test_live_mode_draws_in_a_kernel_with_a_store_too(store):
    box = explore(draw_panels, describe_line, SLOPE, live=True)
    slider, view = box.children
    slider.index = 0
    assert 'alt="A line of slope -1 starting at 0.0."' in view.value


def test_a_caption_is_never_the_alt_text():
    """The figcaption is the figure's caption (what to try and notice); the alt text says what
    each frame shows. Without a caption there is no figcaption: never a copy of the alt text."""
    from nxc_explorer.explorer import _figure_html, frame_html

    plain = frame_html(render_png(draw_line(1)), "A line of slope 1.")
    assert "<figcaption" not in plain
    captioned = frame_html(render_png(draw_line(1)), "A line of slope 1.", "Try slope 2.")
    assert re.search(r"<figcaption[^>]*>Try slope 2.</figcaption>", captioned)
    assert "<figcaption" not in _figure_html("<img>")
    with pytest.raises(ValueError, match="caption"):
        explore(draw_line, describe_line, SLOPE, caption="  ")


def test_a_readout_can_change_its_unit_with_the_value():
    """Quantities in conventional units: 10 µM, not 10000 nM; 1 mM, not 1e+06 nM; 1 day, 2 days."""
    from naltrexone_course.figures.style import concentration, days

    conc = Control("c", "Morphine", values=[0.1, 1, 100, 10_000, 1_000_000], fmt=concentration)
    assert conc.labels == ("0.1 nM", "1 nM", "100 nM", "10 µM", "1 mM")
    gap = Control("missed", "Days without medicine", values=[0, 1, 2, 14], fmt=days)
    assert gap.labels == ("0 days", "1 day", "2 days", "14 days")
    with pytest.raises(ValueError, match="unit"):
        Control("c", "Morphine", values=[1, 2], unit="nM", fmt=concentration)


# --------------------------------------------------------------------------- frame encoding
def _quantise_by_sorting(rgb, colours):
    """The quantiser as it was first written (np.unique over every pixel): the reference
    that the faster one must match palette for palette and pixel for pixel."""
    import numpy as np

    from nxc_explorer.explorer import _house_colours

    height, width, _ = rgb.shape
    flat = rgb.reshape(-1, 3).astype(np.int32)
    keys = (flat[:, 0] << 16) | (flat[:, 1] << 8) | flat[:, 2]
    unique, inverse = np.unique(keys, return_inverse=True)
    unique_rgb = np.stack([(unique >> 16) & 255, (unique >> 8) & 255, unique & 255], axis=1)
    if len(unique) <= colours:
        palette, index = unique_rgb, inverse
    else:
        present = set(unique.tolist())
        fixed = [c for c in _house_colours() if (c[0] << 16 | c[1] << 8 | c[2]) in present]
        adaptive = Image.fromarray(rgb).quantize(
            colors=max(colours - len(fixed), 2), method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
        extra = np.array(adaptive.getpalette()[: 3 * (colours - len(fixed))]).reshape(-1, 3)
        palette = np.unique(np.vstack([np.array(fixed).reshape(-1, 3), extra]), axis=0)[:colours]
        distance = ((unique_rgb[:, None, :] - palette[None, :, :]) ** 2).sum(axis=2)
        index = distance.argmin(axis=1)[inverse]
    return palette.astype(np.uint8), index.reshape(height, width)


def _test_frames():
    """Real frames (a house-style figure at 2x, and its 1x), a frame of few colours, and
    one of many scattered colours (every median-cut box and tie the reference can meet)."""
    import numpy as np

    from nxc_explorer import explorer

    wide = explorer._FrameRenderer(2 * explorer.BASE_DPI)._rgb(draw_panels(1.0))
    narrow = explorer._FrameRenderer(2 * explorer.BASE_DPI)._rgb(draw_panels(-1.0, layout="narrow"))
    plt.close("all")
    few = np.zeros((40, 50, 3), np.uint8)
    few[:, 10:] = (255, 255, 255)
    few[5:9] = (0, 114, 178)
    rng = np.random.default_rng(20)
    levels = np.array([0, 17, 60, 128, 200, 230, 255], np.uint8)
    many = levels[rng.integers(0, len(levels), size=(120, 90, 3))]
    many[:30] = 255
    return {
        "wide 2x": wide,
        "wide 1x": explorer._downsample(wide),
        "narrow 2x": narrow,
        "few": few,
        "many": many,
    }


def test_quantiser_matches_a_sort_of_every_pixel_palette_and_indices():
    import numpy as np

    from nxc_explorer import explorer

    for name, rgb in _test_frames().items():
        palette, index = _quantise_by_sorting(rgb, explorer.PALETTE_COLOURS)
        image = explorer._quantise(rgb, explorer.PALETTE_COLOURS)
        assert image.mode == "P", name
        assert image.getpalette()[: 3 * len(palette)] == palette.flatten().tolist(), name
        assert len(image.getpalette()) == 3 * len(palette), name
        assert np.array_equal(np.asarray(image), index), name


def test_median_cut_on_distinct_colours_gives_pillows_palette():
    """The median cut on a frame's distinct colours and counts is Pillow's, entry for entry
    (for several palette sizes), and declines where Pillow would first merge colours."""
    import numpy as np

    from nxc_explorer._median_cut import MAX_COLOURS, median_cut_palette

    for name, rgb in _test_frames().items():
        image = Image.fromarray(rgb)
        counted = image.getcolors(rgb.shape[0] * rgb.shape[1])
        colours = np.array([c for _, c in counted])
        counts = np.array([n for n, _ in counted])
        for size in (2, 5, 30, 62, 64):
            pillow = image.quantize(colors=size, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
            ours = median_cut_palette(colours, counts, size)
            assert ours is not None, name
            assert ours.flatten().tolist() == pillow.getpalette(), (name, size)
    noise = np.random.default_rng(1).integers(0, 256, size=(300, 300, 3), dtype=np.uint8)
    counted = Image.fromarray(noise).getcolors(300 * 300)
    assert len(counted) > MAX_COLOURS
    colours, counts = np.array([c for _, c in counted]), np.array([n for n, _ in counted])
    assert median_cut_palette(colours, counts, 64) is None


def test_a_shared_renderer_draws_the_same_pixels_as_a_fresh_one():
    """Frames of one size share an Agg renderer (its text measurements are cached): a frame
    drawn after others, in either layout, has exactly the pixels of one drawn first."""
    import numpy as np

    from nxc_explorer import explorer

    def pixels(slope, layout):
        fig = draw_panels(slope, layout=layout)
        try:
            return explorer._rgb(fig, 2 * explorer.BASE_DPI)
        finally:
            plt.close(fig)

    fresh = {}
    for layout in ("wide", "narrow"):
        explorer._RENDERERS.clear()
        fresh[layout] = pixels(2.0, layout)
    explorer._RENDERERS.clear()
    for slope in (-2.0, 0.5, 1.5):
        for layout in ("wide", "narrow"):
            pixels(slope, layout)
    assert len(explorer._RENDERERS) == 2, "one renderer per frame size"
    for layout in ("wide", "narrow"):
        assert np.array_equal(pixels(2.0, layout), fresh[layout]), layout


def test_frame_pngs_decode_to_the_quantised_image_and_are_no_larger_than_pillows():
    """The book's own PNG writer (zlib-ng, filter 0) gives files that decode, in Pillow and
    with PNG's own checks (CRCs verified), to exactly the palette and indices quantised, and
    that are no larger than Pillow's smallest (``optimize=True``) file of the same image."""
    import numpy as np

    from nxc_explorer import _png, explorer

    ours_total = pillows_total = 0
    for name, rgb in _test_frames().items():
        image = explorer._quantise(rgb, explorer.PALETTE_COLOURS)
        png = _png.palette_png(image)
        decoded = Image.open(io.BytesIO(png))
        decoded.load()  # reads every chunk and checks its CRC
        assert decoded.mode == "P" and decoded.size == image.size, name
        assert np.array_equal(np.asarray(decoded), np.asarray(image)), name
        assert np.array_equal(np.asarray(decoded.convert("RGB")), np.asarray(image.convert("RGB"))), name
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        ours_total, pillows_total = ours_total + len(png), pillows_total + len(out.getvalue())
    assert ours_total <= pillows_total, (ours_total, pillows_total)
    with pytest.raises(ValueError, match="palette image"):
        _png.palette_png(Image.new("RGB", (4, 4)))
