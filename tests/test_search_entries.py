"""book/_ext/search_entries.py: after a one-page edit, the search index still holds every
page's index entries (glossary terms), as after a clean build."""

from __future__ import annotations

import json
import re
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import search_entries  # noqa: E402


def test_the_entries_of_pages_not_read_again_come_back_and_a_removed_page_goes():
    entries = {"book/safety": [("read again", "id-1", "")], "book/removed": [("gone", "id-2", "")]}
    kept = json.loads(
        json.dumps(
            {
                "book/glossary": [["Occupancy", "term-Occupancy", "main"]],
                "book/safety": [["old", "id-0", ""]],
                "book/removed": [["gone", "id-2", ""]],
            }
        )
    )
    search_entries.restore(entries, kept, {"book/glossary", "book/safety", "book/intro"})
    assert entries == {
        "book/safety": [("read again", "id-1", "")],  # the page read again keeps what it has
        "book/glossary": [("Occupancy", "term-Occupancy", "main")],
    }


def test_a_word_no_page_holds_any_more_leaves_the_index():
    mapping = {"strong": set(), "blockade": {"book/safety"}}
    search_entries.drop_empty(mapping)
    assert mapping == {"blockade": {"book/safety"}}


def _index_entries(site, name: str) -> dict:
    text = (site / name).read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])["indexentries"]


@pytest.mark.site
@pytest.mark.parametrize("index", ["searchindex.js", "it/searchindex.js"])
def test_the_search_index_holds_the_glossary_terms(site, index):
    """The glossary's terms are index entries of the glossary page in both editions' search
    (a rebuild after an edit elsewhere lost all of them before this extension)."""
    text = (site / index.replace("searchindex.js", "book/glossary.html")).read_text(encoding="utf-8")
    terms = set(re.findall(r'<dt id="(term-[^"]+)"', text))
    assert terms
    ids = {entry[1] for found in _index_entries(site, index).values() for entry in found}
    assert terms <= ids, sorted(terms - ids)[:5]


@pytest.mark.site
@pytest.mark.parametrize("index", ["searchindex.js", "it/searchindex.js"])
def test_every_word_of_the_search_index_names_a_page(site, index):
    text = (site / index).read_text(encoding="utf-8")
    frozen = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    empty = [w for key in ("terms", "titleterms") for w, pages in frozen[key].items() if pages == []]
    assert not empty, empty[:10]
