// Self-check questions and the learner's progress (book/_ext/questions.py writes the markup).
// The book's own script: no inline code, no eval, no request to anywhere. Progress lives in
// this browser's localStorage only; when storage is refused the page works the same and
// keeps progress for this visit only.
(function () {
  "use strict";
  var KEY = "nxc-progress-v1";

  // ------------------------------------------------------------------ words
  // An edition in another language carries its words (#nxq-words, from the questions'
  // interface catalogue); t(message, values) fills its {name} placeholders.
  var WORDS = {};
  try {
    var wordsBlock = document.getElementById("nxq-words");
    if (wordsBlock) { WORDS = JSON.parse(wordsBlock.textContent) || {}; }
  } catch (e) { WORDS = {}; }
  function t(message, values) {
    var out = WORDS[message] || message;
    Object.keys(values || {}).forEach(function (name) { out = out.split("{" + name + "}").join(String(values[name])); });
    return out;
  }

  // ------------------------------------------------------------------ storage
  var memory = { answers: {}, visited: {} };
  var storageWorks = !window.nxqStorageRefused;  // storage-guard.js ran first
  function load() {
    try {
      var raw = window.localStorage.getItem(KEY);
      if (raw) {
        var data = JSON.parse(raw);
        if (data && typeof data === "object") {
          memory.answers = data.answers && typeof data.answers === "object" ? data.answers : {};
          memory.visited = data.visited && typeof data.visited === "object" ? data.visited : {};
        }
      }
    } catch (error) {
      storageWorks = false;
    }
  }
  function save() {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(memory));
    } catch (error) {
      storageWorks = false;
    }
  }
  function forget() {
    memory = { answers: {}, visited: {} };
    try {
      window.localStorage.removeItem(KEY);
    } catch (error) {
      storageWorks = false;
    }
  }

  // ------------------------------------------------------------------ course data
  function course() {
    var block = document.getElementById("nxq-course");
    if (!block) { return { page: "", chapters: [] }; }
    try {
      return JSON.parse(block.textContent);
    } catch (error) {
      return { page: "", chapters: [] };
    }
  }

  function chapterDone(chapter) {
    if (!chapter.questions.length) { return Boolean(memory.visited[chapter.doc]); }
    var answers = memory.answers[chapter.doc] || {};
    return chapter.questions.every(function (qid) { return answers[qid] && answers[qid].right; });
  }

  function doneCount(info) {
    return info.chapters.filter(chapterDone).length;
  }

  // ------------------------------------------------------------------ questions
  function text(element) {
    return element ? element.textContent.replace(/\s+/g, " ").trim() : "";
  }

  // The feedback region (aria-live) gets the verdict and a copy of each chosen option's
  // explanation (a copy keeps its links and typeset maths), so it is read out in one go.
  function setFeedback(question, verdict, parts) {
    var feedback = question.querySelector(".nxq-feedback");
    feedback.textContent = "";
    var strong = document.createElement("p");
    strong.className = "nxq-verdict";
    strong.textContent = verdict;
    feedback.appendChild(strong);
    parts.forEach(function (part) {
      var block = document.createElement("div");
      block.className = "nxq-why";
      if (part.label) {
        var label = document.createElement("p");
        label.className = "nxq-why-label";
        label.textContent = part.label;
        block.appendChild(label);
      }
      Array.prototype.forEach.call(part.explain.childNodes, function (child) {
        block.appendChild(child.cloneNode(true));
      });
      feedback.appendChild(block);
    });
  }

  function hideExplanations(question) {
    question.querySelectorAll(".nxq-explain").forEach(function (el) { el.hidden = true; });
    question.classList.remove("nxq-right", "nxq-wrong");
  }

  // A figure-state question: its figure (driven by nxc-explorer.js), when it is ready.
  function figureFor(question) {
    var api = window.nxcExplorer;
    var box = document.getElementById(question.getAttribute("data-figure") || "");
    return api && box ? api.figureOf(box) : null;
  }

  // "Dose 50 mg, Regimen daily tablets": the figure's view as a reader reads it.
  function viewOf(fig) {
    var idx = fig.indices();
    return fig.controls.map(function (c) {
      var labels = c._nxc.labels || Array.prototype.map.call(c.querySelectorAll("option, .nxc-option span"), text);
      return text((c.closest(".nxc-control") || c).querySelector(".nxc-label")) + " " + labels[idx[c._nxc.axis]];
    }).join(", ");
  }

  // Is the figure's view one of the right ones (computed from the models when the book was
  // built)? If not, what the chosen view shows instead: its frame's own description.
  function evaluateState(question) {
    var fig = figureFor(question);
    if (!fig) {
      question.querySelector(".nxq-feedback").textContent = t("The figure is still loading: try again in a moment.");
      return null;
    }
    var frame = fig.frameAt(fig.indices());
    var right = JSON.parse(question.getAttribute("data-answers") || "[]").indexOf(frame) >= 0;
    var view = viewOf(fig);
    var explain = question.querySelector('.nxq-explain[data-when="' + (right ? "right" : "wrong") + '"]');
    var verdict = right ? t("Right: {view}.", { view: view }) : t("Not this view. At {view}, the figure shows: {alt}", { view: view, alt: fig.alts[frame] });
    return { right: right, value: view, verdict: verdict, parts: [{ label: "", explain: explain }] };
  }

  // Returns {right: bool, value: ...} or null when nothing is chosen.
  function evaluate(question) {
    var kind = question.getAttribute("data-kind");
    hideExplanations(question);
    if (kind === "state") { return evaluateState(question); }
    if (kind === "number") {
      var input = question.querySelector("input[type=number]");
      var raw = input.value.trim().replace(",", ".");
      var value = Number(raw);
      if (raw === "" || !isFinite(value)) { return null; }
      var answer = Number(question.getAttribute("data-answer"));
      var tolerance = Number(question.getAttribute("data-tolerance"));
      var when = Math.abs(value - answer) <= tolerance + 1e-9 ? "right" : (value < answer ? "low" : "high");
      var explain = question.querySelector('.nxq-explain[data-when="' + when + '"]');
      var verdict = when === "right" ? t("Right.") : (when === "low" ? t("Not quite: too low.") : t("Not quite: too high."));
      return { right: when === "right", value: raw, verdict: verdict, parts: [{ label: "", explain: explain }] };
    }
    var options = Array.prototype.slice.call(question.querySelectorAll(".nxq-option"));
    var chosen = options.filter(function (option) { return option.querySelector("input").checked; });
    if (!chosen.length) { return null; }
    var right = options.every(function (option) {
      return option.querySelector("input").checked === (option.getAttribute("data-correct") === "true");
    });
    var parts = chosen.map(function (option) {
      return {
        label: kind === "multiple" ? t("You chose \u201c{choice}\u201d:", { choice: text(option.querySelector(".nxq-label")).replace(/[.\s]+$/, "") }) : "",
        explain: option.querySelector(".nxq-explain")
      };
    });
    var verdict = t("Right.");
    if (!right) {
      verdict = t("Not quite.");
      if (kind === "multiple") {
        var missing = options.filter(function (option) {
          return option.getAttribute("data-correct") === "true" && !option.querySelector("input").checked;
        }).length;
        var wrong = chosen.filter(function (option) { return option.getAttribute("data-correct") !== "true"; }).length;
        var bits = [];
        if (wrong) { bits.push(t(wrong === 1 ? "{n} choice is wrong" : "{n} choices are wrong", { n: wrong })); }
        if (missing) { bits.push(t(missing === 1 ? "{n} right choice is missing" : "{n} right choices are missing", { n: missing })); }
        verdict = t("Not quite: {reasons}.", { reasons: bits.join(t(", and ")) });
      }
    }
    return {
      right: right,
      value: chosen.map(function (option) { return option.querySelector("input").value; }),
      verdict: verdict,
      parts: parts
    };
  }

  function restore(question, saved) {
    if (!saved || question.getAttribute("data-kind") === "state") { return; } // the figure holds its answer
    if (question.getAttribute("data-kind") === "number") {
      question.querySelector("input[type=number]").value = saved.value;
    } else {
      var values = [].concat(saved.value || []);
      question.querySelectorAll(".nxq-option input").forEach(function (input) {
        input.checked = values.indexOf(input.value) !== -1;
      });
    }
    var result = evaluate(question);
    if (result) { show(question, result); }
  }

  function show(question, result) {
    question.classList.add(result.right ? "nxq-right" : "nxq-wrong");
    setFeedback(question, result.verdict, result.parts);
  }

  function enable(question) {
    var button = question.querySelector(".nxq-check");
    var kind = question.getAttribute("data-kind");
    if (kind === "state") { button.disabled = false; return; } // the figure is the answer
    var any = kind === "number"
      ? question.querySelector("input[type=number]").value.trim() !== ""
      : question.querySelector(".nxq-option input:checked") !== null;
    button.disabled = !any;
  }

  function setUpQuestions(info) {
    var page = info.page;
    document.querySelectorAll(".nxq").forEach(function (question) {
      var button = question.querySelector(".nxq-check");
      function check() {
        var result = evaluate(question);
        if (!result) { return; }
        show(question, result);
        var answers = memory.answers[page] || (memory.answers[page] = {});
        var before = answers[question.id] || {};
        answers[question.id] = { right: result.right || Boolean(before.right), last: result.right, value: result.value };
        save();
        renderProgress(info);
      }
      question.addEventListener("input", function () { enable(question); });
      question.addEventListener("change", function () { enable(question); });
      question.addEventListener("keydown", function (event) {
        if (event.key !== "Enter" || button.disabled || event.defaultPrevented) { return; }
        if (event.target.matches("input") || event.target === button) {
          // checked here, not by the click the browser would synthesise: that click first
          // runs through every page-wide click listener of the theme before the verdict
          event.preventDefault();
          check();
        }
      });
      button.addEventListener("click", check);
      restore(question, (memory.answers[page] || {})[question.id]);
      enable(question);
    });
  }

  // ------------------------------------------------------------------ progress
  // A link's page (null for a link to a section: only links to a whole page get a badge).
  function pathOf(href, sectionToo) {
    try {
      var url = new URL(href, window.location.href);
      return url.hash && !sectionToo ? null : url.pathname.replace(/index\.html$/, "");
    } catch (error) {
      return null;
    }
  }

  // The sidebar's link to each chapter, found once: parsing every link's address for every
  // chapter at each Check held the verdict's display frame back (25 ms on a slowed phone).
  var chapterLinks = null;
  function linksOf(info) {
    if (chapterLinks) { return chapterLinks; }
    var byPath = {};
    document.querySelectorAll(".bd-sidebar-primary nav a.reference.internal").forEach(function (link) {
      var path = pathOf(link.getAttribute("href"));
      if (path !== null) { (byPath[path] = byPath[path] || []).push(link); }
    });
    chapterLinks = info.chapters.map(function (chapter) { return byPath[pathOf(chapter.href || "#", true)] || []; });
    return chapterLinks;
  }

  function renderProgress(info) {
    var total = info.chapters.length;
    var done = doneCount(info);
    document.querySelectorAll(".nxq-progress").forEach(function (box) {
      box.querySelector(".nxq-progress-text").textContent =
        t("{done} of {total} chapters done.", { done: done, total: total });
      var note = box.querySelector(".nxq-progress-note");
      note.hidden = false;
      note.textContent = storageWorks
        ? t("A chapter is done when you have answered each of its self-check questions right (a chapter with no questions: when you have opened it). This is kept in this browser only; nothing is sent anywhere.")
        : t("This browser does not let the page store anything, so your progress is kept for this visit only.");
      box.querySelector(".nxq-forget").hidden = false;
    });
    var links = linksOf(info);
    info.chapters.forEach(function (chapter, n) {
      var answers = memory.answers[chapter.doc] || {};
      var right = chapter.questions.filter(function (qid) { return answers[qid] && answers[qid].right; }).length;
      var finished = chapterDone(chapter);
      var mark = finished ? " \u2713" : " " + right + "/" + chapter.questions.length;
      links[n].forEach(function (link) {
        var old = link.querySelector(".nxq-badge");
        if (!finished && !right) {
          if (old) { old.parentNode.removeChild(old); }
          return;
        }
        if (old && old.getAttribute("data-mark") === mark) { return; } // unchanged: no layout
        if (old) { old.parentNode.removeChild(old); }
        var badge = document.createElement("span");
        badge.className = finished ? "nxq-badge nxq-badge-done" : "nxq-badge";
        badge.setAttribute("data-mark", mark);
        var shown = document.createElement("span");
        shown.setAttribute("aria-hidden", "true");
        shown.textContent = mark;
        var words = document.createElement("span");
        words.className = "nxq-sr";
        words.textContent = " " + (finished ? t("(done)") : t("({right} of {n} questions right)", { right: right, n: chapter.questions.length }));
        badge.appendChild(shown);
        badge.appendChild(words);
        link.appendChild(badge);
      });
    });
  }

  function setUpForget(info) {
    document.querySelectorAll(".nxq-forget").forEach(function (button) {
      button.addEventListener("click", function () {
        forget();
        document.querySelectorAll(".nxq").forEach(function (question) {
          question.querySelectorAll("input").forEach(function (input) {
            if (input.type === "number") { input.value = ""; } else { input.checked = false; }
          });
          hideExplanations(question);
          question.querySelector(".nxq-feedback").textContent = "";
          enable(question);
        });
        renderProgress(info);
        var text = button.parentNode.querySelector(".nxq-progress-text");
        text.textContent += " Your progress has been forgotten.";
      });
    });
  }

  // myst-nb's hidden-cell toggles (used by the exercises' solutions) say "Show code cell
  // content" but carry aria-label="Toggle hidden content": a screen reader user hears a name
  // that is not the visible text (axe: label-content-name-mismatch). Let the text name it.
  function nameSolutionToggles() {
    document.querySelectorAll('details.hide > summary[aria-label="Toggle hidden content"]').forEach(function (summary) {
      summary.removeAttribute("aria-label");
    });
  }

  function start() {
    nameSolutionToggles();
    if (/[?&]answers=show\b/.test(window.location.search)) {
      document.documentElement.classList.add("nxq-answers");
    }
    load();
    var info = course();
    var isChapter = info.chapters.some(function (chapter) { return chapter.doc === info.page; });
    if (isChapter && !memory.visited[info.page]) {
      memory.visited[info.page] = true;
      save();
    }
    setUpQuestions(info);
    setUpForget(info);
    renderProgress(info);
    document.documentElement.classList.add("nxq-ready");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
