"""The drawing layer's one translation function (figures/translate.py): every text artist of a
finished figure, tick labels included, goes through the catalogue with its numbers written the
Italian way; a string the catalogue lacks fails, naming it."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pytest
from matplotlib.text import Text

from naltrexone_course.figures.translate import (
    MissingTranslation,
    italian_number,
    load_catalogue,
    message_id,
    needs_message,
    translate_figure,
    translate_text,
)


def test_numbers_leave_the_message_and_come_back_the_italian_way():
    assert message_id("92% occupied at 50 mg") == ("{0}% occupied at {1} mg", ["92", "50"])
    assert message_id("half-life 1.5 h, 12,500 people") == ("half-life {0} h, {1} people", ["1.5", "12,500"])
    # digits inside names and maths are not numbers to format
    assert message_id("TLR4 and A118G at $10^{-9}$ M") == ("TLR4 and A118G at $10^{{-9}}$ M", [])
    # a factor: one message for every value ("107x", "1,337x"), "5th" stays a word
    assert message_id("1,337x\ntoo low") == ("{0}x\ntoo low", ["1,337"])
    assert message_id("5th-95th pct, 2x") == ("5th-95th pct, {0}x", ["2"])
    assert italian_number("1.5") == "1,5" and italian_number("12,500.25") == "12.500,25"
    catalogue = {"half-life {0} h, {1} people": "emivita {0} h, {1} persone"}
    assert (
        translate_text("half-life 1.5 h, 12,500 people", catalogue, "it") == "emivita 1,5 h, 12.500 persone"
    )
    assert translate_text("0.25", {}, "it") == "0,25"  # a number alone needs no message
    assert translate_text("\u22120.5", {}, "it") == "\u22120,5"


def _figure():
    fig, ax = plt.subplots()
    ax.plot([0, 0.5, 1.5], [0, 0.25, 0.75], label="mu occupancy")
    ax.set_title("Occupancy at 50 mg")
    ax.set_xlabel("Time (days)")
    ax.set_ylabel("Share of receptors")
    ax.annotate("peak 1.5 ng/mL", xy=(1, 0.5))
    ax.legend()
    fig.suptitle("Naltrexone")
    return fig


CATALOGUE = {
    "mu occupancy": "occupazione mu",
    "Occupancy at {0} mg": "Occupazione a {0} mg",
    "Time (days)": "Tempo (giorni)",
    "Share of receptors": "Quota di recettori",
    "peak {0} ng/mL": "picco {0} ng/mL",
    "Naltrexone": "Naltrexone",
}


def test_every_text_of_a_finished_figure_and_its_tick_labels_are_translated():
    fig = translate_figure(_figure(), CATALOGUE, "it")
    try:
        texts = [t.get_text() for t in fig.findobj(Text) if t.get_text()]
        assert "Occupazione a 50 mg" in texts and "Tempo (giorni)" in texts and "occupazione mu" in texts
        assert "picco 1,5 ng/mL" in texts and "Quota di recettori" in texts
        assert not any(english in " ".join(texts) for english in ("Occupancy", "Time", "Share", "peak"))
        ticks = [t.get_text() for t in fig.axes[0].get_xticklabels() + fig.axes[0].get_yticklabels()]
        assert any("," in t for t in ticks), ticks
        assert not any("." in t for t in ticks), f"a tick label kept its decimal point: {ticks}"
        fig.canvas.draw()  # a second drawing makes the labels again, still Italian
        assert not any("." in t.get_text() for t in fig.axes[0].get_yticklabels())
    finally:
        plt.close(fig)


def test_a_figure_string_missing_from_the_catalogue_fails_and_is_named():
    partial = {k: v for k, v in CATALOGUE.items() if k != "peak {0} ng/mL"}
    fig = _figure()
    try:
        with pytest.raises(MissingTranslation) as caught:
            translate_figure(fig, partial, "it")
        assert caught.value.messages == ["peak {0} ng/mL"]
    finally:
        plt.close(fig)


def test_a_course_figure_has_every_worded_string_sent_through_the_function():
    """An empty catalogue: every worded text of a real course figure (drawn as the book draws
    it, narrow layout) is reported missing, so none is skipped; its numbers are not part of
    the messages."""
    from naltrexone_course.figures.antagonism import draw_receptor_occupancy

    fig = draw_receptor_occupancy(10.0, layout="narrow")
    fig.canvas.draw()
    worded = {message_id(t.get_text())[0] for t in fig.findobj(Text) if needs_message(t.get_text())}
    try:
        with pytest.raises(MissingTranslation) as caught:
            translate_figure(fig, {}, "it")
    finally:
        plt.close(fig)
    reported = set(caught.value.messages)
    assert len(worded) >= 4, worded
    assert worded <= reported, f"strings that skipped the translation function: {worded - reported}"
    numbers_left = [m for m in reported if message_id(re.sub(r"\{\d+\}", "", m))[1]]
    assert not numbers_left, f"numbers kept inside messages: {numbers_left}"


def test_a_po_catalogue_is_read_without_fuzzy_or_empty_entries(tmp_path):
    po = tmp_path / "figures.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Time (days)"\nmsgstr "Tempo (giorni)"\n\n'
        '#, fuzzy\nmsgid "Dose"\nmsgstr "Dose?"\n\n'
        'msgid "Occupancy"\nmsgstr ""\n',
        encoding="utf-8",
    )
    assert load_catalogue(po) == {"Time (days)": "Tempo (giorni)"}
