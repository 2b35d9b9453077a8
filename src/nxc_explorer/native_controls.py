"""Sphinx extension: each figure's controls as native HTML, rendered from its saved widget state.

A figure (``explorer.explore``) is an ipywidgets ``VBox`` of controls above a ``Stack`` of
frames (a Stack of Stacks for two controls), each control's ``index`` jslinked to a
stack's ``selected_index``. In Jupyter and on Binder that widget is what the reader uses.
In the built book, myst-nb saves the widget state in the page; at ``doctree-resolved``
this extension reads that state and writes the same figure as plain HTML:

- a ``SelectionSlider`` becomes ``<input type="range">`` with a ``<label>``, a visible
  readout and ``aria-valuetext`` (the readout, with its unit);
- ``ToggleButtons`` become a radio group (``<fieldset>`` with its ``<legend>``);
- a ``Dropdown`` becomes a ``<select>``;
- a ``Checkbox`` (a toggle, ``Control.toggle``) becomes ``<input type="checkbox">`` with its
  ``<label>``; it drives the level of the frame grid that no link drives (a checkbox's value
  is not a position, so the explorer follows it with a kernel-side observer, which is not
  saved), toggles in their order;

with the options, their labels, order and default taken from the widget state, and the
frame each control moves taken from its jslink. These controls take the place of the
default values printed in the static figure (``explorer.static_html``, the same spot),
followed by a "Link to this view" button. ``static/nxc-explorer.js`` (a few kB, no
framework) swaps, prefetches and pre-decodes the frames and keeps the view in the URL.

The widget state and the widget views are then left out of the page (``html-page-context``):
no page ships the widget bundle or widget-state JSON. A figure whose state cannot be read
fails the build with its page named. What was rendered from is kept beside the site, in
``_build/.nxc_widget_state/<page>.json`` (the state and the figures' view ids, in page
order), where ``tests/test_site.py`` compares every figure's controls with it.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.errors import ExtensionError

MARKER = "<!--nxc-widget-->"
VIEW = '<script type="application/vnd.jupyter.widget-view+json">'
STATE_MIME = "application/vnd.jupyter.widget-state+json"
STATE_KEY = "ipywidgets_state"  # myst-nb's key for the state script of a page
STATE_DIR = ".nxc_widget_state"  # beside the HTML output: what each page was rendered from
FRAMES_ATTR = re.compile(r'data-nxc-frames="([^"]*)"')
STATIC_CONTROLS = re.compile(
    r'<div class="nxc-static-controls">(?:<div class="nxc-static-control">.*?</div>)*</div>', re.S
)
ALT = re.compile(r'<img [^>]*\balt="([^"]*)"')
KINDS = {
    "SelectionSliderModel": "slider",
    "ToggleButtonsModel": "buttons",
    "DropdownModel": "select",
    "CheckboxModel": "toggle",
}


def _attr(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _ref(value: str) -> str:
    return value[len("IPY_MODEL_") :] if isinstance(value, str) and value.startswith("IPY_MODEL_") else value


def page_document(env, docname: str) -> dict:
    """The widget-state document myst-nb saved for ``docname`` ({} when it has none)."""
    from myst_nb.sphinx_ import NbMetadataCollector

    entry = NbMetadataCollector.get_js_files(env, docname).get(STATE_KEY)
    return json.loads(entry[1]["body"]) if entry else {}


def figure_model(state: dict, model_id: str) -> dict:
    """One figure's controls and frames, read from the widget state.

    Returns ``{"controls": [{"kind", "label", "labels", "index", "axis"}], "shape": [...],
    "alts": [...]}``: the controls in the order the widget shows them, each with the axis of
    the frame grid its jslink moves (0: the outer stack, 1: the inner stacks), and the
    frames' alt texts in grid order (outer index first)."""

    def model(mid: str) -> dict:
        if mid not in state:
            raise ValueError(f"widget {mid} is not in the saved state")
        return state[mid]

    box = model(model_id)
    if box["model_name"] != "VBoxModel":
        raise ValueError(f"widget {model_id} is a {box['model_name']}, not an explorer's VBox")
    children = [_ref(c) for c in box["state"]["children"]]
    *control_ids, stack_id = children
    # levels of the frame grid: the outer stack, then the stacks it holds
    levels: list[list[str]] = [[stack_id]]
    while True:
        kids = [_ref(c) for s in levels[-1] for c in model(s)["state"]["children"]]
        if kids and all(model(k)["model_name"] == "StackModel" for k in kids):
            levels.append(kids)
        else:
            leaves = kids
            break
    stack_level = {s: depth for depth, stacks in enumerate(levels) for s in stacks}
    drives: dict[str, set[int]] = {}
    for m in state.values():
        if m["model_name"] != "LinkModel":
            continue
        (source, source_attr), (target, target_attr) = m["state"]["source"], m["state"]["target"]
        source, target = _ref(source), _ref(target)
        if source_attr == "index" and target_attr == "selected_index" and target in stack_level:
            drives.setdefault(source, set()).add(stack_level[target])
            linked = drives.setdefault(("stacks", source), set())  # type: ignore[arg-type]
            linked.add(target)
    controls = []
    for cid in control_ids:
        m = model(cid)
        kind = KINDS.get(m["model_name"])
        if kind is None:
            raise ValueError(f"control {cid} is a {m['model_name']}, which the book cannot render")
        if kind == "toggle":
            if cid in drives:
                raise ValueError(f"toggle {m['state'].get('description')!r} is linked to a frame level")
            controls.append(
                {
                    "kind": kind,
                    "label": m["state"].get("description", ""),
                    "labels": ["off", "on"],  # how a reader reads it: from the static figure
                    "index": int(bool(m["state"].get("value"))),
                    "axis": None,
                }
            )
            continue
        axes = drives.get(cid, set())
        if len(axes) != 1:
            raise ValueError(
                f"control {m['state'].get('description')!r} is linked to {len(axes)} frame levels"
            )
        (axis,) = axes
        if drives[("stacks", cid)] != set(levels[axis]):  # type: ignore[index]
            raise ValueError(
                f"control {m['state'].get('description')!r} does not move every stack of its level"
            )
        labels = list(m["state"]["_options_labels"])
        controls.append(
            {
                "kind": kind,
                "label": m["state"].get("description", ""),
                "labels": labels,
                "index": int(m["state"]["index"]),
                "axis": axis,
            }
        )
    shape = [len(model(levels[d][0])["state"]["children"]) for d in range(len(levels))]
    # toggles drive the levels no link drives, in order (a toggle's level has two frames)
    free = [d for d in range(len(levels)) if d not in {c["axis"] for c in controls}]
    for c in (c for c in controls if c["kind"] == "toggle"):
        if not free:
            raise ValueError(f"toggle {c['label']!r} has no frame level left to drive")
        c["axis"] = free.pop(0)
    still = not controls and shape == [1]  # a still figure: one frame, nothing to move
    if not still and sorted(c["axis"] for c in controls) != list(range(len(levels))):
        raise ValueError("the controls do not cover the frame grid one level each")
    for c in controls:
        if len(c["labels"]) != shape[c["axis"]]:
            raise ValueError(
                f"control {c['label']!r} has {len(c['labels'])} options for {shape[c['axis']]} frames"
            )
    alts = []
    for leaf in leaves:
        found = ALT.search(model(leaf)["state"].get("value", ""))
        if not found:
            raise ValueError(f"frame {leaf} has no <img alt>")
        alts.append(html.unescape(found.group(1)))
    return {"controls": controls, "shape": shape, "alts": alts}


def controls_html(figure: dict, spec: dict) -> str:
    """The native controls of one figure (``figure`` from :func:`figure_model`, ``spec``
    the explorer's ``data-nxc-frames``: the figure's id, control names and link keys)."""
    fid = spec["id"]
    parts = []
    for c, named in zip(figure["controls"], spec["controls"]):
        name, keys = named["name"], named["keys"]
        uid = f"{fid}-{name}"
        common = (
            f'data-nxc-axis="{c["axis"]}" data-nxc-name="{_attr(name)}" '
            f'data-nxc-keys="{_attr(json.dumps(keys))}"'
        )
        current = c["labels"][c["index"]]
        if c["kind"] == "toggle":
            parts.append(
                f'<div class="nxc-control nxc-toggle">'
                f'<input type="checkbox" id="{_attr(uid)}" name="{_attr(uid)}" autocomplete="off"'
                f"{' checked' if c['index'] else ''} "
                f'data-nxc-labels="{_attr(json.dumps(c["labels"]))}" {common}>'
                f'<label class="nxc-label" for="{_attr(uid)}">{_attr(c["label"])}</label></div>'
            )
            continue
        if c["kind"] == "slider":
            parts.append(
                f'<div class="nxc-control nxc-slider">'
                f'<label class="nxc-label" for="{_attr(uid)}">{_attr(c["label"])}</label>'
                f'<span class="nxc-readout" aria-hidden="true">{_attr(current)}</span>'
                f'<input type="range" id="{_attr(uid)}" name="{_attr(uid)}" '
                f'min="0" max="{len(c["labels"]) - 1}" '
                f'step="1" value="{c["index"]}" autocomplete="off" aria-valuetext="{_attr(current)}" '
                f'data-nxc-labels="{_attr(json.dumps(c["labels"]))}" {common}></div>'
            )
        elif c["kind"] == "buttons":
            options = "".join(
                f'<label class="nxc-option">'
                f'<input type="radio" name="{_attr(uid)}" value="{i}" autocomplete="off"'
                f"{' checked' if i == c['index'] else ''}><span>{_attr(label)}</span></label>"
                for i, label in enumerate(c["labels"])
            )
            parts.append(
                f'<fieldset class="nxc-control nxc-buttons" {common}>'
                f'<legend class="nxc-label">{_attr(c["label"])}</legend>'
                f'<div class="nxc-options">{options}</div></fieldset>'
            )
        else:
            options = "".join(
                f'<option value="{i}"{" selected" if i == c["index"] else ""}>{_attr(label)}</option>'
                for i, label in enumerate(c["labels"])
            )
            parts.append(
                f'<div class="nxc-control nxc-select">'
                f'<label class="nxc-label" for="{_attr(uid)}">{_attr(c["label"])}</label>'
                f'<select id="{_attr(uid)}" name="{_attr(uid)}" autocomplete="off" {common}>'
                f"{options}</select></div>"
            )
    return f'<div class="nxc-controls">{"".join(parts)}</div>'


def link_html(fid: str) -> str:
    """The "link to this view" control, with the link shown in a text field as a fallback."""
    return (
        f'<div class="nxc-share"><button type="button" class="nxc-pin" data-nxc-more="pin" '
        f'aria-pressed="false" disabled>Pin this view</button>'
        f'<button type="button" class="nxc-share-button" '
        f'aria-controls="{_attr(fid)}-link">Link to this view</button>'
        f'<span class="nxc-share-status" role="status"></span>'
        f'<input type="text" class="nxc-share-link" id="{_attr(fid)}-link" readonly hidden '
        f'aria-label="Link to this view of the figure"></div>'
    )


def native_figure(static: str, view: str, state: dict) -> tuple[str, str]:
    """The static figure (with its marker) made whole: native controls in place of the
    printed default values, the frames' alt texts for the page script, the link control.
    Returns the HTML and the figure's id."""
    model_id = json.loads(view.strip()[len(VIEW) :].rsplit("</script>", 1)[0])["model_id"]
    figure = figure_model(state, model_id)
    found = FRAMES_ATTR.search(static)
    if not found:
        raise ValueError("the static figure has no data-nxc-frames")
    spec = json.loads(html.unescape(found.group(1)))
    fid = spec.get("id")
    if not fid or len(spec.get("controls", [])) != len(figure["controls"]):
        raise ValueError("the static figure names no id or not every control (explorer.static_html)")
    if spec["shape"] != [figure["shape"][c["axis"]] for c in figure["controls"]]:
        raise ValueError(
            f"frames {spec['shape']} in the static figure, {figure['shape']} in the widget state"
        )
    if len(spec["frames"]) != len(figure["alts"]):
        raise ValueError("the static figure and the widget state hold different numbers of frames")
    for c, named in zip(figure["controls"], spec["controls"]):
        if (c["kind"] == "toggle") != bool(named.get("toggle")):
            raise ValueError(
                f"control {c['label']!r} is a toggle in only one of the figure and its widget state"
            )
        if c["kind"] == "toggle":
            c["labels"] = list(named["labels"])  # a Checkbox has no option labels of its own
        if len(named["keys"]) != len(c["labels"]):
            raise ValueError(
                f"control {c['label']!r}: {len(named['keys'])} link keys for {len(c['labels'])} options"
            )
    # a still figure (no controls) gets none, and neither a pinned view nor a link to a view
    controls = controls_html(figure, spec) if figure["controls"] else ""
    text, count = STATIC_CONTROLS.subn(lambda _match: controls, static, count=1)
    if count != 1:
        raise ValueError("the static figure has no nxc-static-controls to replace")
    opening = re.match(r'<div class="nxc-explorer"', text.lstrip())
    if not opening:
        raise ValueError("the static figure does not start with its nxc-explorer element")
    text = text.lstrip()
    extra = (
        f' id="{_attr(fid)}" data-nxc-axes="{_attr(json.dumps([c["axis"] for c in figure["controls"]]))}"'
        f' data-nxc-alts="{_attr(json.dumps(figure["alts"]))}"'
    )
    text = text[: opening.end()] + extra + text[opening.end() :]
    return text.replace(MARKER, link_html(fid) if figure["controls"] else "", 1), fid


def _render(app, doctree, docname) -> None:
    raws = [n for n in doctree.findall(nodes.raw) if n.get("format") == "html"]
    if not any(MARKER in r.astext() for r in raws):
        return
    document = page_document(app.env, docname)
    state = document.get("state", {})
    ids: list[str] = []
    views: list[str] = []
    noticed = False  # the notice goes to the first figure with controls
    for i, static in enumerate(raws):
        text = static.astext()
        if MARKER not in text:
            continue
        view = next((r for r in raws[i + 1 :] if r.astext().lstrip().startswith(VIEW)), None)
        if view is None or view.parent is None:
            raise ExtensionError(f"{docname}: a figure has no widget view after its static HTML")
        try:
            merged, fid = native_figure(text, view.astext(), state)
        except (ValueError, KeyError) as error:
            raise ExtensionError(f"{docname}: a figure's controls cannot be rendered: {error}") from error
        if fid in ids:
            raise ExtensionError(
                f"{docname}: two figures have the id {fid!r}: give one explore(..., id='...')"
            )
        ids.append(fid)
        views.append(json.loads(view.astext().strip()[len(VIEW) :].rsplit("</script>", 1)[0])["model_id"])
        with_notice = with_noscript_notice(merged, first=not noticed)
        noticed, merged = noticed or with_notice != merged, with_notice
        static.replace_self(nodes.raw("", merged, format="html", classes=static["classes"]))
        view.parent.remove(view)
    # any other widget view on the page would need the widget bundle, which no page loads
    left = [r for r in doctree.findall(nodes.raw) if r.astext().lstrip().startswith(VIEW)]
    if left:
        raise ExtensionError(f"{docname}: {len(left)} widget outputs are not explorer figures")
    record = Path(app.outdir).parent / STATE_DIR / f"{docname}.json"
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps({"views": views, "ids": ids, "document": document}), encoding="utf-8")


def _drop_widget_state(app, pagename, templatename, context, doctree) -> None:
    """Leave myst-nb's widget-state script out of the page (after it was rendered from)."""
    files = context.get("script_files")
    if not files:
        return
    files[:] = [f for f in files if getattr(f, "attributes", {}).get("type") != STATE_MIME]


#: Said once a page, at its first figure, to a reader without JavaScript (whose controls are
#: hidden by :data:`NOSCRIPT_STYLE`: a control that moves and changes nothing would pretend).
NOSCRIPT_NOTICE = (
    '<noscript><p class="nxc-noscript">The figures on this page need JavaScript to change; '
    "without it each shows its default view.</p></noscript>"
)
#: In the page's head: without JavaScript the controls and the link button are not shown.
NOSCRIPT_STYLE = (
    "<noscript><style>.nxc-explorer .nxc-controls, .nxc-explorer .nxc-share "
    "{ display: none !important; }</style></noscript>"
)


def with_noscript_notice(figure_html: str, first: bool) -> str:
    """``figure_html`` with the page's one notice for readers without JavaScript, placed
    where the first figure's controls would be (``first``); other figures are unchanged."""
    if not first:
        return figure_html
    at = figure_html.find('<div class="nxc-controls">')
    if at < 0:
        return figure_html
    return figure_html[:at] + NOSCRIPT_NOTICE + figure_html[at:]


def _noscript_style(app, pagename, templatename, context, doctree) -> None:
    """Hide the controls of a page's figures when JavaScript is off (a rule in its head)."""
    if "nxc-explorer" in (context.get("body") or ""):
        context["metatags"] = context.get("metatags", "") + NOSCRIPT_STYLE


def setup(app):
    app.connect("html-page-context", _noscript_style)
    app.connect("doctree-resolved", _render)
    # after myst-nb adds the page's scripts (priority 500)
    app.connect("html-page-context", _drop_widget_state, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
