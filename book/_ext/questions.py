"""Sphinx extension: self-check questions that answer in the page, and the learner's progress.

``{question}`` (format: ``question_format.py``) renders one question as accessible HTML:
a ``<fieldset>`` with a ``<legend>``, native radio buttons, checkboxes or a number input, a
check button, a feedback region (``aria-live``) inside the question, and a link back to the
section that teaches it. Every explanation is in the page, in ``hidden`` elements, so the
check runs offline with no kernel: ``book/_assets/questions.js`` (the book's own script,
loaded from a file: no inline script, no eval) reveals the chosen option's explanation.

``{course-progress}`` is the placeholder the script fills with "n of N chapters done" and a
"Forget my progress" button. Every page carries one JSON block (``type="application/json"``,
never executed) naming the chapters and their questions, so the script can count progress and
mark the chapters in the sidebar. A chapter is *done* when every one of its questions has been
answered right at least once; a chapter without questions is done once visited.

Printing: the script adds the class ``nxq-answers`` to ``<html>`` when the address has
``?answers=show``; ``questions.css`` then shows every explanation and marks the right options
(instructor handout). Without it the print has the questions and no answers (learner handout).
"""

from __future__ import annotations

import html
import json
import math
import sys
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive
from docutils.statemachine import StringList
from sphinx.util import logging

sys.path.insert(0, str(Path(__file__).resolve().parent))
import question_i18n  # noqa: E402
from question_format import QuestionError, parse, resolve  # noqa: E402

LOGGER = logging.getLogger(__name__)
CHAPTER_CAPTION = "How naltrexone works"


# ----------------------------------------------------------------------------- nodes
#: The document attribute listing the texts left in English (read by book/_ext/edition_pending.py).
PENDING_KEY = "nxc_pending"


class nxq_question(nodes.General, nodes.Element):
    """One question; attributes: qid, kind, see, number, answer, tolerance (numbers)."""


class nxq_legend(nodes.General, nodes.TextElement):
    pass


class nxq_option(nodes.General, nodes.Element):
    """One choice: attributes qid, index, kind, correct."""


class nxq_label(nodes.General, nodes.TextElement):
    pass


class nxq_explain(nodes.General, nodes.Element):
    """An explanation, hidden until chosen: attribute ``when`` (right, wrong, low, high)."""


class nxq_number(nodes.General, nodes.Element):
    """The number input of a numeric question: attributes qid, unit."""


class nxq_progress(nodes.General, nodes.Element):
    pass


def _attr(value) -> str:
    return html.escape(str(value), quote=True)


def visit_question(self, node):
    data = f'data-kind="{node["kind"]}"'
    if node.get("pending") == "all":  # its words are English in another edition's page
        data += ' lang="en"'
    if node["kind"] == "state":
        data += f' data-figure="{_attr(node["target"])}" data-answers="{_attr(json.dumps(node["frames"]))}"'
    if node["kind"] == "number":
        data += f' data-answer="{node["answer"]!r}" data-tolerance="{node["tolerance"]!r}"'
    self.body.append(
        f'<div class="nxq{" nxc-pending" if node.get("pending") else ""}" id="{node["qid"]}" {data}>'
        f'<fieldset class="nxq-fieldset" aria-describedby="{node["qid"]}-feedback">'
    )


def depart_question(self, node):
    qid = node["qid"]
    w = _words(self)
    hint = {
        "single": w["Choose one answer"],
        "multiple": w["Choose every answer that applies"],
        "state": w["Set the figure's controls, then check"],
    }
    self.body.append(
        '<div class="nxq-actions">'
        f'<button type="button" class="nxq-check" disabled>{w["Check answer"]}</button>'
        f'<span class="nxq-hint">{hint.get(node["kind"], w["Type a number"])}.</span></div>'
        f'<div class="nxq-feedback" id="{qid}-feedback" role="status" aria-live="polite"></div>'
        f'<p class="nxq-see">{w["Where this is taught:"]} <a href="{_attr(node["see_href"])}">'
        f"{html.escape(node['see_title'])}</a></p>"
        "</fieldset></div>"
    )


def visit_legend(self, node):
    w = _words(self)
    figure = f'<span class="nxq-tag">{w["about the figure"]}</span> ' if node.get("figure") else ""
    self.body.append(
        '<legend class="nxq-legend">'
        f'<span class="nxq-number">{w["Question"]} {node["number"]}.</span> {figure}'
    )


def depart_legend(self, node):
    self.body.append("</legend>")


def visit_option(self, node):
    kind = "radio" if node["kind"] == "single" else "checkbox"
    oid = f"{node['qid']}-o{node['index']}"
    self.body.append(
        f'<div class="nxq-option" data-correct="{str(node["correct"]).lower()}">'
        f'<input type="{kind}" class="nxq-input" id="{oid}" name="{node["qid"]}" value="{node["index"]}">'
    )


def depart_option(self, node):
    self.body.append("</div>")


def visit_label(self, node):
    self.body.append(f'<label for="{node["for"]}" class="nxq-label">')


def depart_label(self, node):
    self.body.append("</label>")


def visit_explain(self, node):
    self.body.append(f'<div class="nxq-explain" data-when="{node["when"]}" hidden>')


def depart_explain(self, node):
    self.body.append("</div>")


def shown_answer(answer: float, tolerance: float) -> tuple[str, str]:
    """The answer and tolerance as the instructor's key shows them: the answer rounded to
    the tolerance's first significant digit (a glued 273.727 +- 15 reads "274 +- 15")."""
    if not tolerance:
        return f"{answer:g}", ""
    digits = max(0, -math.floor(math.log10(tolerance)))
    return f"{round(answer, digits):g}", f"{float(f'{tolerance:.2g}'):g}"


def visit_number(self, node):
    answer, shown_tolerance = shown_answer(node["answer"], node["tolerance"])
    tolerance = f" \u00b1 {shown_tolerance}" if node["tolerance"] else ""
    unit_text = f" {html.escape(node['unit'])}" if node["unit"] else ""
    unit = f' <span class="nxq-unit">({html.escape(node["unit"])})</span>' if node["unit"] else ""
    self.body.append(
        f'<div class="nxq-option nxq-number-row"><label for="{node["qid"]}-n" class="nxq-label">'
        f"{_words(self)['Your answer']}{unit}</label> "
        f'<input type="number" step="any" inputmode="decimal" class="nxq-input" id="{node["qid"]}-n" '
        f'name="{node["qid"]}"></div>'
        f'<p class="nxq-key" hidden>{_words(self)["Answer:"]} {answer}{tolerance}{unit_text}</p>'
    )


def depart_number(self, node):
    pass


class nxq_state(nodes.General, nodes.Element):
    """A figure-state question's instructions and answer key: attributes target, views."""


def visit_state(self, node):
    views = "; ".join(dict.fromkeys(node["views"]))  # a view right with a toggle on and off, once
    w = _words(self)
    how = html.escape(
        w[
            "Answer with {link}the figure{end}: set its controls to the view you choose and press "
            "Check answer (it needs the page's script)."
        ]
    )
    how = how.replace("{link}", f'<a href="#{_attr(node["target"])}">').replace("{end}", "</a>")
    self.body.append(
        f'<p class="nxq-state-how">{how}</p><p class="nxq-key" hidden>{w["Answer:"]} {html.escape(views)}</p>'
    )


def depart_state(self, node):
    pass


def glued_views(document, key: str) -> dict:
    """The right views a code cell glued under ``key`` (``right_views``: a JSON string)."""
    import ast

    from myst_nb.ext.glue.utils import RetrievalError, retrieve_glue_data

    try:
        text = retrieve_glue_data(document, key).data["text/plain"]
        views = json.loads(ast.literal_eval(text))
    except (RetrievalError, KeyError, ValueError, SyntaxError) as error:
        raise QuestionError(f"'answer: glue:{key}' has no glued views from right_views ({error})") from None
    if not isinstance(views, dict) or not views.get("frames") or len(views["frames"]) != len(views["views"]):
        raise QuestionError(f"'answer: glue:{key}' is not what right_views returns: {views!r}")
    return views


def visit_progress(self, node):
    w = _words(self)
    self.body.append(
        f'<div class="nxq-progress" role="region" aria-label="{_attr(w["Your progress"])}">'
        '<p class="nxq-progress-text">'
        + html.escape(
            w[
                "Your progress through the chapters is shown here (it needs JavaScript, and stays in "
                "this browser only)."
            ]
        )
        + "</p>"
        '<p class="nxq-progress-note" hidden></p>'
        '<button type="button" class="nxq-forget" hidden>'
        f"{html.escape(w['Forget my progress'])}</button></div>"
    )


def depart_progress(self, node):
    pass


def skip(self, node):
    raise nodes.SkipNode


# ----------------------------------------------------------------------------- directives
class QuestionDirective(Directive):
    has_content = True

    def _inline(self, text: str) -> list[nodes.Node]:
        parsed, messages = self.state.inline_text(text, self.lineno)
        return parsed + messages

    def _block(self, text: str, container: nodes.Element) -> nodes.Element:
        self.state.nested_parse(
            StringList(text.splitlines(), source="question"), self.content_offset, container
        )
        # translated through the questions' own catalogues (question_i18n), not the page's
        for element in container.findall(nodes.TextElement):
            element["translatable"] = False
        return container

    def _glued(self, key: str) -> float:
        """The number a code cell of this page glued under ``key`` (myst-nb's glue data)."""
        from myst_nb.ext.glue.utils import RetrievalError, retrieve_glue_data

        try:
            data = retrieve_glue_data(self.state.document, key).data
        except RetrievalError as error:
            raise KeyError(str(error)) from None
        return float(data["text/plain"])

    def run(self):
        env = self.state.document.settings.env
        try:
            question = resolve(parse("\n".join(self.content)), self._glued)
        except QuestionError as error:
            return [self.state.document.reporter.error(f"question: {error}", line=self.lineno)]
        docname = env.docname
        pending: list[str] = []
        question = _localised(env.app, docname, question, pending)
        if pending:  # shown in English, marked, noted for the page (book/_ext/edition_pending.py)
            self.state.document.setdefault(PENDING_KEY, []).extend(pending)
        numbers = env.nxq_questions.setdefault(docname, [])
        slug = docname.replace("/", "-")
        qid = f"q-{slug}-{question.id or len(numbers) + 1}"
        numbers.append(qid)
        node = nxq_question(qid=qid, kind=question.kind, see=question.see, number=len(numbers))
        # "all": every text is still English (the question is marked lang="en"); "some": part
        every = len(pending) >= len(question_i18n.texts(question))
        node["pending"] = ("all" if every else "some") if pending else ""
        node["see_href"], node["see_title"] = "#", question.see
        legend = nxq_legend(number=len(numbers), figure=question.figure)
        legend += self._inline(question.prompt)
        node += legend
        if question.kind == "state":
            try:
                views = glued_views(self.state.document, question.answer_glue)
            except QuestionError as error:
                return [self.state.document.reporter.error(f"question: {error}", line=self.lineno)]
            if views["figure"] != question.target:
                message = (
                    f"question: target {question.target!r} but the right views are of {views['figure']!r}"
                )
                return [self.state.document.reporter.error(message, line=self.lineno)]
            node["target"], node["frames"] = question.target, views["frames"]
            node += nxq_state(target=question.target, views=views["views"])
            node += self._block(question.explain, nxq_explain(when="right"))
            node += self._block(question.wrong, nxq_explain(when="wrong"))
        elif question.kind == "number":
            node["answer"], node["tolerance"] = question.answer, question.tolerance
            node += nxq_number(
                qid=qid, unit=question.unit, answer=question.answer, tolerance=question.tolerance
            )
            for when, text in (
                ("right", question.explain),
                ("low", question.too_low),
                ("high", question.too_high),
            ):
                node += self._block(text, nxq_explain(when=when))
        else:
            for index, option in enumerate(question.options):
                item = nxq_option(qid=qid, index=index, kind=question.kind, correct=option.correct)
                label = nxq_label(**{"for": f"{qid}-o{index}"})
                label += self._inline(option.text)
                item += label
                item += self._block(option.explain, nxq_explain(when="right" if option.correct else "wrong"))
                node += item
        self.state.document.settings.env.nxq_see.setdefault(docname, []).append(question.see)
        return [node]


class ProgressDirective(Directive):
    has_content = False

    def run(self):
        return [nxq_progress()]


# ----------------------------------------------------------------------------- events
def _init_env(app, env, docnames):
    for name in ("nxq_questions", "nxq_see"):
        if not hasattr(env, name):
            setattr(env, name, {})


def _purge(app, env, docname):
    for name in ("nxq_questions", "nxq_see"):
        getattr(env, name, {}).pop(docname, None)


def _merge(app, env, docnames, other):
    for name in ("nxq_questions", "nxq_see"):
        mine = getattr(env, name)
        for docname in docnames:
            if docname in getattr(other, name, {}):
                mine[docname] = getattr(other, name)[docname]


def _plain(title: str) -> str:
    """A title as written in the source: smart quotes and dashes back to plain characters."""
    table = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "--", "\u2014": "---"}
    for fancy, plain in table.items():
        title = title.replace(fancy, plain)
    return " ".join(title.split()).lower()


def _resolve_see(app, doctree, docname):
    """Point each question's link at its section (by title) or at a label anywhere."""
    sections = {}
    for section in doctree.findall(nodes.section):
        title = _plain(section[0].astext()) if section.children else ""
        if section["ids"] and title not in sections:
            sections[title] = section["ids"][0]
    labels = app.env.get_domain("std").labels
    for node in doctree.findall(nxq_question):
        see = _see_in_language(app, docname, node["see"].strip(), sections)
        if _plain(see) in sections:
            node["see_href"] = f"#{sections[_plain(see)]}"
            node["see_title"] = see
        elif see in labels:
            target_doc, label_id, title = labels[see]
            uri = "" if target_doc == docname else app.builder.get_relative_uri(docname, target_doc)
            node["see_href"] = f"{uri}#{label_id}"
            node["see_title"] = title or see
        else:
            LOGGER.warning(
                f"question {node['qid']}: 'see: {see}' is neither a section title of this page nor a label",
                location=node,
            )


# ----------------------------------------------------------------------------- other languages
def _locales(app) -> Path:
    """The first of the build's ``locale_dirs`` (relative to the configuration's folder)."""
    dirs = list(app.config.locale_dirs or ["locales"])
    return Path(app.confdir) / dirs[0]


def _language(app) -> str:
    return (app.config.language or "en").split("_")[0]


def _localised(app, docname: str, question, pending: list[str]):
    """``question`` in the build's language (question_i18n); English builds keep it as it is.
    A text the page's catalogue lacks or leaves untranslated (a new or changed question, a new
    page) stays English and is appended to ``pending``: the page then says so."""
    lang = _language(app)
    if lang == "en":
        return question
    path = question_i18n.catalogue_path(_locales(app), lang, Path(docname).name)
    app.env.note_dependency(str(path))  # the page is read again when its catalogue changes
    catalogue = question_i18n.load(path) or {}
    return question_i18n.localise(question, catalogue, docname, pending)


def _words(translator) -> dict[str, str]:
    """The extension's own words in the build's language (cached on the builder)."""
    builder = translator.builder
    words = getattr(builder, "_nxq_words", None)
    if words is None:
        app = builder.app
        words = question_i18n.interface(_locales(app), _language(app))
        builder._nxq_words = words
    return words


def _see_in_language(app, docname: str, see: str, sections: dict) -> str:
    """``see`` as the page's translated section titles read it (the page's prose catalogue)."""
    lang = _language(app)
    if lang == "en" or _plain(see) in sections:
        return see
    prose = question_i18n.load(_locales(app) / lang / "LC_MESSAGES" / f"{docname}.po") or {}
    return prose.get(see) or see


def _interface_json(app) -> str:
    """The script's words (questions.js) in the build's language, as a JSON block."""
    words = question_i18n.interface(_locales(app), _language(app))
    payload = json.dumps(words, ensure_ascii=True).replace("</", "<\\/")
    return f'<script type="application/json" id="nxq-words">{payload}</script>'


def chapter_docs(srcdir: Path) -> list[str]:
    """The chapters' docnames, by the book's one walker of ``_toc.yml`` (tools/book_pages.py)."""
    sys.path.insert(0, str(Path(srcdir) / "tools"))
    from book_pages import part_files

    return part_files(CHAPTER_CAPTION, Path(srcdir))


def _page_context(app, pagename, templatename, context, doctree):
    if app.builder.format != "html" or "body" not in context:
        return
    env = app.env
    chapters = []
    for doc in chapter_docs(Path(app.srcdir)):
        if doc not in env.titles:
            continue
        chapters.append(
            {
                "doc": doc,
                "title": env.titles[doc].astext(),
                "href": app.builder.get_relative_uri(pagename, doc),
                "questions": env.nxq_questions.get(doc, []),
            }
        )
    data = {"page": pagename, "chapters": chapters}
    payload = json.dumps(data, ensure_ascii=True).replace("</", "<\\/")
    context["body"] += f'<script type="application/json" id="nxq-course">{payload}</script>'
    if _language(app) != "en":
        context["body"] += _interface_json(app)


def setup(app):
    app.add_node(
        nxq_question,
        html=(visit_question, depart_question),
        latex=(skip, None),
        text=(skip, None),
        man=(skip, None),
        texinfo=(skip, None),
    )
    for node, visit, depart in (
        (nxq_legend, visit_legend, depart_legend),
        (nxq_option, visit_option, depart_option),
        (nxq_label, visit_label, depart_label),
        (nxq_explain, visit_explain, depart_explain),
        (nxq_number, visit_number, depart_number),
        (nxq_state, visit_state, depart_state),
        (nxq_progress, visit_progress, depart_progress),
    ):
        app.add_node(node, html=(visit, depart), latex=(skip, None), text=(skip, None))
    app.add_directive("question", QuestionDirective)
    app.add_directive("course-progress", ProgressDirective)
    app.connect("env-before-read-docs", _init_env)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("doctree-resolved", _resolve_see)
    app.connect("html-page-context", _page_context)
    # First of the page's scripts: an in-memory stand-in when the browser refuses storage.
    app.add_js_file("storage-guard.js", priority=1)
    app.add_js_file("questions.js", loading_method="defer")
    app.add_css_file("questions.css")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 5}
