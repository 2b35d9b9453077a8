"""Pillow's median-cut palette, computed from a frame's distinct colours and their counts.

``Image.quantize(colours, method=MEDIANCUT)`` makes several passes over every pixel of a
frame (a hash of its colours, the boxes' sums, a mapping that the explorer then discards);
the palette itself depends only on the distinct colours and how many pixels have each. This
module takes those (a few thousand for line art, from ``Image.getcolors``) and follows the
steps of Pillow's ``libImaging/Quant.c`` on them, so the palette is the same, entry for
entry (tests/test_explorer.py checks it against Pillow on real and synthetic frames).
"""

from __future__ import annotations

import numpy as np

#: Pillow merges colours (drops low bits) when a frame has more distinct colours than this
#: (``MAX_HASH_ENTRIES``); then :func:`median_cut_palette` declines and Pillow is asked.
MAX_COLOURS = 65536
#: Weights of the red, green and blue ranges when Pillow picks the axis to split.
AXIS_WEIGHTS = np.array([77, 150, 29])


def pillow_colour_hash(rgb: np.ndarray) -> np.ndarray:
    """Pillow's ``PIXEL_HASH`` of each colour row (32-bit unsigned arithmetic)."""
    r, g, b = (rgb[:, i].astype(np.uint64) for i in range(3))
    mask = np.uint64(0xFFFFFFFF)
    return (
        ((r * np.uint64(463)) & mask)
        ^ (((g << np.uint64(8)) * np.uint64(10069)) & mask)
        ^ (((b << np.uint64(16)) * np.uint64(64997)) & mask)
    )


class _Box:
    """A median-cut box: its colours (indices), its pixel count and its two halves."""

    __slots__ = ("members", "pixels", "left", "right")

    def __init__(self, members: np.ndarray, pixels: int):
        self.members, self.pixels = members, pixels
        self.left: _Box | None = None
        self.right: _Box | None = None


class _Heap:
    """Pillow's ``ImagingQuantHeap`` (1-based binary heap, most pixels on top), with its
    exact sift rules: which of two boxes of equal pixel count is split first follows them."""

    def __init__(self) -> None:
        self.items: list = [None]

    def add(self, box: _Box) -> None:
        items = self.items
        items.append(None)
        k = len(items) - 1
        while k != 1 and box.pixels - items[k // 2].pixels > 0:
            items[k] = items[k // 2]
            k >>= 1
        items[k] = box

    def remove(self) -> _Box | None:
        items = self.items
        if len(items) == 1:
            return None
        top, last = items[1], items.pop()
        count, k = len(items) - 1, 1
        while k * 2 <= count:
            child = k * 2
            if child < count and items[child].pixels - items[child + 1].pixels < 0:
                child += 1
            if last.pixels - items[child].pixels > 0:
                break
            items[k] = items[child]
            k = child
        if count:
            items[k] = last
        return top


def median_cut_palette(colours_rgb: np.ndarray, counts: np.ndarray, size: int) -> np.ndarray | None:
    """The palette (rows of R, G, B) that Pillow's median cut gives a frame of these
    distinct colours (``colours_rgb``, n x 3) with these pixel counts, for ``size`` colours.

    As in Pillow: the box with the most pixels (a box of one colour is set aside) is split
    on the axis of widest weighted range, where its pixels, from the highest value down,
    pass half (all of that value on the upper side); the palette is each leaf box's mean
    colour rounded half up, leaves from the upper half down. Returns None when Pillow would
    first merge colours (more than :data:`MAX_COLOURS`, or two colours sharing its hash)."""
    n = len(colours_rgb)
    if n == 0 or n > MAX_COLOURS or len(np.unique(pillow_colour_hash(colours_rgb))) != n:
        return None
    rgb = np.asarray(colours_rgb, dtype=np.int64)
    counts = np.asarray(counts, dtype=np.int64)
    root = _Box(np.arange(n), int(counts.sum()))
    heap = _Heap()
    heap.add(root)
    for _ in range(size - 1):
        while True:
            box = heap.remove()
            if box is None:
                break
            members = rgb[box.members]
            spans = members.max(axis=0) - members.min(axis=0)
            if spans.any():  # a box of one colour (volume 1) is not split
                break
        if box is None:
            break
        values = members[:, int(np.argmax(spans * AXIS_WEIGHTS))]
        order = np.argsort(-values, kind="stable")
        past_half = np.cumsum(counts[box.members][order]) * 2 > box.pixels
        upper = values >= values[order][np.argmax(past_half)]
        if upper.all():
            upper = values != values.min()
        box.left = _Box(box.members[upper], int(counts[box.members[upper]].sum()))
        box.right = _Box(box.members[~upper], int(counts[box.members[~upper]].sum()))
        heap.add(box.left)
        heap.add(box.right)
    leaves, stack = [], [root]
    while stack:
        box = stack.pop()
        if box.left is not None:
            stack.extend([box.right, box.left])
        else:
            leaves.append(box.members)
    palette = np.empty((len(leaves), 3), np.int64)
    for i, members in enumerate(leaves):
        total = (rgb[members] * counts[members, None]).sum(axis=0)
        palette[i] = np.floor(0.5 + total / counts[members].sum())
    return palette
