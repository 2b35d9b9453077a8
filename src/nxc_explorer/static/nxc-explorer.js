// The book's figures (nxc_explorer: explorer.py, native_controls.py).
// Each figure is plain HTML before this script runs: the default frame with its caption,
// and native controls (range inputs, radio groups, selects) rendered at build time from
// the saved widget state. This script (no framework, loaded `async`: it may start while the
// page is still being parsed, and sets each figure up when it first meets it)
//  1. shows the frame a control picks (the files in data-nxc-frames, the alt texts in
//     data-nxc-alts): the decoded image itself takes the shown one's place, so it appears
//     in the next display frame;
//  2. prefetches and decodes the frames next to each figure's values once it is on screen
//     and the page has loaded, every value of its controls once it has stayed on screen for
//     a second or a control gets a touch or a pointer, and around each new value;
//  3. keeps each figure's view in the page URL once its controls rest (#fig-id?name=key&name=key, several figures
//     separated by ";"), opens a link at its view, and copies one ("Link to this view").
//  4. keeps each figure's "Download data (CSV): this view" link on the shown view, and loads
//     nxc-explorer-more.js on first use of what it does (a pinned view to compare, the data
//     table): pages load none of that until a reader asks. window.nxcExplorer is what that
//     script and a page's figure-state self-checks (questions.js) work with.
// A link it cannot read leaves the figure at its default and logs a console warning.
(function () {
  "use strict";
  var figures = [];
  // The script with compare and data tables: beside this one, versioned
  // by its content when the book is built (the placeholder below is replaced then).
  var me = document.currentScript;
  var moreUrl = me && me.src ? me.src.replace(/nxc-explorer\.js(\?[^#]*)?$/, "nxc-explorer-more.js?v=NXC_MORE_VERSION") : "";
  var moreTasks = [];
  var moreState = 0; // 0: not asked for, 1: loading, 2: loaded
  function more(task) {
    if (task) { if (moreState === 2) { task(api.more); } else { moreTasks.push(task); } }
    if (moreState || !moreUrl) { return; }
    moreState = 1;
    var s = document.createElement("script");
    s.src = moreUrl;
    s.async = true;
    s.onload = function () {
      moreState = 2;
      moreTasks.splice(0).forEach(function (run) { run(api.more); });
    };
    document.head.appendChild(s);
  }
  var kept = new Map(); // url -> {img, ready}: prefetched, decoded frames kept in memory
  // Whether a figure's phone layout applies, by its media query: asked once and then kept up
  // to date by the query's change event (reading MediaQueryList.matches in an input handler
  // makes the browser bring style and layout up to date there and then, a forced reflow
  // of the whole page before the new frame can be put in place).
  // One MediaQueryList per query; `onChange` (optional) runs after the kept value changed.
  var queries = {};
  function matches(media, onChange) {
    var q = queries[media];
    if (!q) {
      var list = window.matchMedia ? window.matchMedia(media) : null;
      q = queries[media] = { now: list ? list.matches : false, then: [] };
      if (list && list.addEventListener) {
        list.addEventListener("change", function (e) {
          q.now = e.matches;
          q.then.forEach(function (run) { run(e.matches); });
        });
      }
    }
    if (onChange) { q.then.push(onChange); }
    return q.now;
  }

  function json(el, name, fallback) {
    try { return JSON.parse(el.getAttribute(name)) || fallback; } catch (e) { return fallback; }
  }

  function Figure(box) {
    this.box = box;
    this.spec = json(box, "data-nxc-frames", {});
    this.alts = json(box, "data-nxc-alts", []);
    this.base = box.getAttribute("data-nxc-base") || "";
    this.narrow = box.getAttribute("data-nxc-narrow") || "(max-width: 0px)";
    matches(this.narrow); // asked while the page is still being laid out anyway
    this.id = box.id;
    this.controls = Array.prototype.slice.call(box.querySelectorAll("[data-nxc-axis]"));
    this.shape = [];
    var self = this;
    this.controls.forEach(function (c, k) {
      c._nxc = { fig: self, axis: Number(c.getAttribute("data-nxc-axis")), keys: json(c, "data-nxc-keys", []),
                 labels: json(c, "data-nxc-labels", null), name: c.getAttribute("data-nxc-name") };
      self.shape[c._nxc.axis] = (self.spec.shape || [])[k];
    });
    this.defaults = this.indices(true);
    this.img = box.querySelector(".nxc-frame img");
    var source = box.querySelector(".nxc-frame source");
    this.size = {
      wide: this.img ? [this.img.getAttribute("width"), this.img.getAttribute("height")] : null,
      narrow: source ? [source.getAttribute("width"), source.getAttribute("height")] : null
    };
    this.shown = this.frameAt(this.defaults);
    this.token = 0;
    this.pin = null; // the pinned view's control indices, when one is pinned
  }

  // The figure's own words for what the script writes (its <template class="nxc-words">, which a
  // book in another language translates), with {name} filled in from `values`.
  Figure.prototype.say = function (key, values) {
    var words = this.box.querySelector("template.nxc-words");
    var word = words && words.content.querySelector('[data-nxc-word="' + key + '"]');
    return (word ? word.textContent : key).replace(/\{(\w+)\}/g, function (all, name) {
      return values && name in values ? String(values[name]) : all;
    });
  };

  // A control for every level of the frame grid (a still figure, explorer.py with no controls,
  // has none: one frame, still shown in the page's theme and at the screen's density).
  Figure.prototype.valid = function () {
    return this.img && this.shape.length === (this.spec.shape || [1]).length && this.spec.frames &&
      this.spec.frames.length === this.alts.length && this.shape.every(function (n) { return n > 0; });
  };

  // The option a control shows (`initial`: the one the page's HTML gives it).
  function indexOf(control, initial) {
    if (control.type === "checkbox") { // a toggle: off 0, on 1
      return (initial ? control.defaultChecked : control.checked) ? 1 : 0;
    }
    if (control.tagName === "FIELDSET") {
      var on = Array.prototype.filter.call(control.querySelectorAll("input"), function (r) {
        return initial ? r.defaultChecked : r.checked;
      })[0];
      return on ? Number(on.value) : 0;
    }
    if (initial && control.tagName === "SELECT") {
      var opt = Array.prototype.filter.call(control.options, function (o) { return o.defaultSelected; })[0];
      return opt ? Number(opt.value) : 0;
    }
    return Number(initial ? control.defaultValue : control.value) || 0;
  }

  function setIndex(control, i) {
    if (control.type === "checkbox") {
      control.checked = Number(i) === 1;
    } else if (control.tagName === "FIELDSET") {
      var radio = control.querySelector('input[value="' + i + '"]');
      if (radio) { radio.checked = true; }
    } else {
      control.value = String(i);
    }
  }

  Figure.prototype.indices = function (initial) {
    var idx = [];
    this.controls.forEach(function (c) { idx[c._nxc.axis] = indexOf(c, initial); });
    return idx;
  };

  Figure.prototype.frameAt = function (idx) {
    var position = 0;
    for (var a = 0; a < this.shape.length; a++) { position = position * this.shape[a] + idx[a]; }
    return position;
  };

  // The file this screen shows, by the <picture> rules: narrow below the breakpoint, 2x on sharp
  // screens, the dark frame (names 4-7) when the page is dark (darkPage, below).
  // `compact`: two views share the column (compare, nxc-explorer-more.js): the phone layout
  // then reads better than the desktop one at half its width.
  Figure.prototype.narrowNow = function () { return !!this.compact || matches(this.narrow); };

  Figure.prototype.url = function (frame) {
    var names = this.spec.frames[frame] || [];
    var narrow = this.narrowNow() && names[0];
    var dense = (window.devicePixelRatio || 1) > 1;
    var order = narrow ? [dense ? 1 : 0, 0] : [dense ? 3 : 2, 2];
    var dark = darkPage() && names.length > 4 ? 4 : 0;
    var name = names[order[0] + dark] || names[order[1] + dark] || names[order[0]] || names[order[1]];
    return name ? this.base + name : "";
  };

  // --- dark frames (issue 29) --------------------------------------------------------
  // The page is dark when the theme says so (data-theme, set by the theme's switch or, before
  // the reader chooses, by the reader's system setting). The <picture> picks dark frames by
  // the system setting alone (DARK_MEDIA in explorer.py): a figure whose shown frame is of the
  // other theme is repainted, when it is set up and whenever the page's theme changes.
  var DARK_MEDIA = "(prefers-color-scheme: dark) and (scripting: enabled)";
  function darkPage() {
    var theme = document.documentElement.getAttribute("data-theme");
    return theme ? theme === "dark" : matches(DARK_MEDIA);
  }
  function pictureIsDark() { return matches(DARK_MEDIA); }
  Figure.prototype.followTheme = function () {
    var img = this.box.querySelector(".nxc-frame img");
    var swapped = img && img !== this.img; // a frame the script put in place: its own theme
    if (swapped ? img.getAttribute("data-nxc-theme") !== (darkPage() ? "dark" : "light") : pictureIsDark() !== darkPage()) {
      this.paint(this.shown);
    }
  };
  function followTheme() { figures.forEach(function (f) { f.followTheme(); }); }
  if (window.MutationObserver) {
    new MutationObserver(followTheme).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  }
  matches(DARK_MEDIA, followTheme);

  function fetchFrame(url) {
    var entry = kept.get(url);
    if (entry) { return entry; }
    var img = new Image();
    entry = { img: img, ready: false, done: null };
    img.decoding = "async";
    img.src = url;
    entry.done = (img.decode ? img.decode() : new Promise(function (ok) { img.onload = ok; }))
      .then(function () { entry.ready = true; }, function () { entry.ready = true; });
    kept.set(url, entry);
    return entry;
  }

  Figure.prototype.prefetch = function (frame) {
    if (frame >= 0 && frame < this.spec.frames.length) {
      var url = this.url(frame);
      if (url) { fetchFrame(url); }
    }
  };

  // Frames up to `near` (default 2) steps from the current value along `axis`; `all`: every value.
  Figure.prototype.neighbours = function (axis, all, near) {
    var idx = this.indices();
    var n = this.shape[axis];
    var steps = all ? n : near || 2;
    for (var d = 1; d <= steps; d++) {
      for (var s = -1; s <= 1; s += 2) {
        var v = idx[axis] + s * d;
        if (v < 0 || v >= n) { continue; }
        var other = idx.slice();
        other[axis] = v;
        this.prefetch(this.frameAt(other));
      }
    }
  };

  // Show `frame`: the decoded image kept for it takes the place of the shown one (so it is
  // on screen in the next display frame); the file this screen needs, as <picture> chose.
  // The first swap replaces the whole <picture> (its <source> rules are the script's from
  // then on): an image put inside a <picture> makes the browser choose its source again and
  // request the file anew, in the frame the reader is waiting for.
  Figure.prototype.paint = function (frame) {
    var url = this.url(frame);
    var entry = url ? fetchFrame(url) : null;
    var shown = this.box.querySelector(".nxc-frame picture") || this.box.querySelector(".nxc-frame img");
    if (!entry || !shown) { return; }
    var img = entry.img;
    img.decoding = "sync"; // decoded already (img.decode()): shown as it is put in place
    var narrow = this.narrowNow() && this.size.narrow;
    var size = narrow || this.size.wide;
    img.width = size[0];
    img.height = size[1];
    img.alt = this.alts[frame];
    var base = this.base;
    var dark = (this.spec.frames[frame] || []).slice(4).some(function (n) { return n && base + n === url; });
    img.setAttribute("data-nxc-theme", dark ? "dark" : "light"); // the theme of the frame put in place
    img.style.maxWidth = "100%";
    img.style.height = "auto";
    if (img !== shown) { shown.replaceWith(img); }
    this.shown = frame;
  };

  // Readouts and spoken values follow the control at once; the frame follows once decoded.
  Figure.prototype.update = function () {
    this.controls.forEach(function (c) {
      var labels = c._nxc.labels;
      if (!labels || c.type === "checkbox") { return; } // a checkbox says its own state
      var text = labels[indexOf(c)];
      // written only when it changes: a same-text write still replaces the text node, and the
      // page is laid out again (the "change" after each "input" would do it twice)
      if (c.getAttribute("aria-valuetext") !== text) { c.setAttribute("aria-valuetext", text); }
      var readout = c.parentNode.querySelector(".nxc-readout");
      if (readout && readout.textContent !== text) { readout.textContent = text; }
    });
    var frame = this.frameAt(this.indices());
    var csv = this.box.querySelector(".nxc-csv-view");
    if (csv && this.spec.data) { csv.href = this.base + this.spec.data[frame]; }
    var table = this.box.querySelector(".nxc-table");
    if (this.pin || (table && table.open)) {
      var fig = this;
      more(function (m) { m.follow(fig); });
    }
    if (frame === this.shown) { return; }
    var token = ++this.token;
    var self = this;
    var url = this.url(frame);
    var entry = url ? fetchFrame(url) : null;
    if (!entry) { return; }
    if (entry.ready) { this.paint(frame); } else {
      entry.done.then(function () { if (token === self.token) { self.paint(frame); } });
    }
    // the frames around the new value: fetched after this display frame, not in it
    later(function () { self.controls.forEach(function (c) { self.neighbours(c._nxc.axis, false); }); });
  };

  // Run `task` once the next display frame has been produced (work that must not delay it).
  function later(task) {
    var run = function () { setTimeout(task, 0); };
    if (window.requestAnimationFrame) { requestAnimationFrame(run); } else { run(); }
  }

  // --- views in the URL ------------------------------------------------------------
  // A pinned view follows as "pin.<name>=<key>" (a link reopens the comparison).
  Figure.prototype.view = function () {
    var idx = this.indices();
    var pin = this.pin;
    function part(prefix, at) {
      return function (c) {
        return encodeURIComponent(prefix + c._nxc.name) + "=" + encodeURIComponent(c._nxc.keys[at[c._nxc.axis]]);
      };
    }
    var parts = this.controls.map(part("", idx));
    return this.id + "?" + (pin ? parts.concat(this.controls.map(part("pin.", pin))) : parts).join("&");
  };

  Figure.prototype.changed = function () {
    var idx = this.indices();
    return !!this.pin || this.defaults.some(function (v, a) { return v !== idx[a]; });
  };

  function slug(text) { return String(text).toLowerCase().replace(/[^a-z0-9.]+/g, "-").replace(/^-|-$/g, ""); }

  // The option a link's value names: its key, its label, a number equal to a key, or the
  // one option whose key holds it as a whole word ("injection" for "monthly-injection").
  function optionFor(control, value) {
    var keys = control._nxc.keys;
    var labels = control._nxc.labels || Array.prototype.map.call(
      control.querySelectorAll("option, .nxc-option span"), function (o) { return o.textContent; });
    for (var i = 0; i < keys.length; i++) { if (keys[i] === value) { return i; } }
    var number = value.trim() === "" ? NaN : Number(value);
    if (isFinite(number)) { // a number names the option of that value, nothing else
      for (var j = 0; j < keys.length; j++) { if (keys[j] !== "" && Number(keys[j]) === number) { return j; } }
      return -1;
    }
    var want = slug(value);
    if (!want) { return -1; }
    for (var k = 0; k < keys.length; k++) {
      if (slug(keys[k]) === want || slug(labels[k] || "") === want) { return k; }
    }
    var hits = [];
    keys.forEach(function (key, n) { if (("-" + key + "-").indexOf("-" + want + "-") >= 0) { hits.push(n); } });
    return hits.length === 1 ? hits[0] : -1;
  }

  function decode(text) {
    try { return decodeURIComponent(text.replace(/\+/g, " ")); } catch (e) { return null; }
  }

  // Apply the views a fragment names; returns the first figure it set.
  function applyHash(hash) {
    var first = null;
    scan();
    if (!hash || hash.indexOf("?") < 0) { return null; }
    hash.split(";").forEach(function (part) {
      if (!part) { return; }
      var q = part.indexOf("?");
      var id = decode(q < 0 ? part : part.slice(0, q));
      var fig = figures.filter(function (f) { return f.id === id; })[0];
      if (!fig) {
        if (id && id.indexOf("fig-") === 0) { console.warn("nxc: no figure " + JSON.stringify(id) + " on this page"); }
        return;
      }
      var wanted = [];
      var pinned = [];
      var bad = false;
      (q < 0 ? "" : part.slice(q + 1)).split("&").forEach(function (pair) {
        if (!pair) { return; }
        var eq = pair.indexOf("=");
        var name = decode(eq < 0 ? pair : pair.slice(0, eq));
        var value = decode(eq < 0 ? "" : pair.slice(eq + 1));
        var pin = name !== null && name.indexOf("pin.") === 0;
        if (pin) { name = name.slice(4); }
        var control = fig.controls.filter(function (c) { return c._nxc.name === name; })[0];
        var option = control && value !== null ? optionFor(control, value) : -1;
        if (option < 0) {
          bad = true;
          console.warn("nxc: " + fig.id + ": no option " + JSON.stringify(value) + " for " + JSON.stringify(name));
        } else {
          (pin ? pinned : wanted).push([control, option]);
        }
      });
      // a link with a wrong part leaves the figure as it was, but still takes the reader to it
      if (bad) { first = first || fig; return; }
      wanted.forEach(function (w) { setIndex(w[0], w[1]); });
      fig.update();
      if (pinned.length === fig.controls.length) {
        var at = fig.indices();
        pinned.forEach(function (w) { at[w[0]._nxc.axis] = w[1]; });
        more(function (m) { m.pin(fig, at); });
      }
      first = first || fig;
    });
    return first;
  }

  // The address follows the view after the display frame that shows the new frame, and at
  // most once every HASH_GAP ms (a run of changes is written at its end): a drag fires
  // dozens of input events, Safari refuses more than 100 history changes in 10 s, and a
  // changed address makes the browser fetch the page's icon again, work that must not land
  // in the display frame a touch is waiting for.
  // The gap is timed on the page's monotonic clock: the wall clock (Date.now) may be set
  // forward while a run goes on, and the next write would then come early.
  var HASH_GAP = 250;
  var hashPending = false;
  var hashTimer = 0;
  var lastWrite = -Infinity;
  function writeHashSoon() {
    if (hashPending) { return; } // the write to come takes the latest view
    hashPending = true;
    later(writeHashWhenDue);
  }
  function writeHashWhenDue() {
    if (!hashPending) { return; } // a page leaving wrote it already
    var wait = lastWrite + HASH_GAP - performance.now();
    if (wait > 0) { hashTimer = setTimeout(writeHashWhenDue, wait); return; }
    writeHash();
  }
  function flushHash() {
    if (hashPending) { clearTimeout(hashTimer); writeHash(); }
  }

  var writing = false;
  function writeHash() {
    hashPending = false;
    if (!window.history || !history.replaceState) { return; }
    var views = figures.filter(function (f) { return f.changed(); }).map(function (f) { return f.view(); });
    var current = location.hash.replace(/^#/, "");
    if (!views.length && current.indexOf("?") < 0) { return; } // keep a section's own anchor
    var url = location.pathname + location.search + (views.length ? "#" + views.join(";") : "");
    writing = true;
    lastWrite = performance.now(); // the gap is kept between the history changes themselves
    try { history.replaceState(history.state, "", url); } catch (e) { /* a sandboxed page */ }
    writing = false;
  }

  function share(fig, button) {
    var box = button.parentNode;
    var field = box.querySelector(".nxc-share-link");
    var status = box.querySelector(".nxc-share-status");
    var link = location.href.split("#")[0] + "#" + fig.view();
    field.value = link;
    function fallback() {
      field.hidden = false;
      field.focus();
      field.select();
      status.textContent = fig.say("copy-link");
    }
    if (navigator.clipboard && navigator.clipboard.writeText && window.isSecureContext) {
      navigator.clipboard.writeText(link).then(function () {
        field.hidden = false;
        status.textContent = fig.say("link-copied");
      }, fallback);
    } else {
      fallback();
    }
  }

  // --- events ------------------------------------------------------------------------
  // The script is loaded `async`: it may run while the page is still being parsed. Each
  // figure is set up the first time it is met (an event in it, or the scan below).
  function figureOf(box) {
    if (!box._nxcFig) {
      var fig = new Figure(box);
      box._nxcFig = fig.valid() ? fig : false;
      if (fig.valid()) {
        figures.push(fig);
      } else {
        console.warn("nxc: figure " + (box.id || "?") + " cannot be driven");
      }
    }
    return box._nxcFig || null;
  }

  function controlOf(target) {
    var c = target && target.closest ? target.closest("[data-nxc-axis]") : null;
    var box = c && c.closest(".nxc-explorer[data-nxc-frames]");
    return box && figureOf(box) && c._nxc ? c : null;
  }

  function onChange(event) {
    var c = controlOf(event.target);
    if (!c) { return; }
    c._nxc.fig.update();
    writeHashSoon();
  }

  function onActivity(event) {
    var c = controlOf(event.target);
    if (!c) { return; }
    // focus on a range input: the next values; a touch, a pointer or a list: every value
    var all = event.type !== "focusin" || c.tagName !== "INPUT";
    c._nxc.fig.neighbours(c._nxc.axis, all);
  }

  // A pointer or focus on a pin, table or check: its script is fetched now, so the press
  // that follows finds it ready.
  function onIntent(event) {
    var t = event.target;
    if (t && t.closest && t.closest("[data-nxc-more], .nxc-table")) { more(); }
  }

  function onClick(event) {
    var button = event.target && event.target.closest && event.target.closest(".nxc-share-button, [data-nxc-more]");
    var box = button && button.closest(".nxc-explorer[data-nxc-frames]");
    var fig = box && figureOf(box);
    if (!fig) { return; }
    if (button.hasAttribute("data-nxc-more")) {
      more(function (m) { m.click(fig, button); });
    } else {
      share(fig, button);
    }
  }

  // The data table is made (from the shown view's CSV) when it is opened.
  function onToggle(event) {
    var details = event.target;
    var box = details.classList && details.classList.contains("nxc-table") && details.open &&
      details.closest(".nxc-explorer[data-nxc-frames]");
    var fig = box && figureOf(box);
    if (fig) { more(function (m) { m.follow(fig); }); }
  }

  // A figure half on screen (or within a screen's height of it, below): once the page has
  // loaded (not with Save-Data), the frames one step from its values are fetched and
  // decoded, so a first step finds them ready; a figure that stays on screen for DWELL_MS
  // is being read, and every value of each of its controls (at the others' values) is
  // fetched too, so a tap anywhere on a slider finds its frame decoded. A figure the reader
  // scrolls past costs its neighbours only.
  var DWELL_MS = 1000;
  var saveData = navigator.connection && navigator.connection.saveData;
  function whenLoaded(task) {
    if (document.readyState === "complete") { task(); } else { window.addEventListener("load", task, { once: true }); }
  }
  var seen = "IntersectionObserver" in window && !saveData ? new IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      var fig = figureOf(e.target);
      if (!fig) { seen.unobserve(e.target); return; }
      clearTimeout(fig.dwell);
      fig.onScreen = e.isIntersecting;
      if (!e.isIntersecting) { return; }
      whenLoaded(function () {
        if (!fig.onScreen) { return; }
        nearNeighbours(fig);
        clearTimeout(fig.dwell);
        fig.dwell = setTimeout(function () {
          if (!fig.onScreen) { return; }
          seen.unobserve(e.target);
          fig.controls.forEach(function (c) { fig.neighbours(c._nxc.axis, true); });
        }, DWELL_MS);
      });
    });
  }, { threshold: 0.5 }) : null;
  // (nearby: a figure within a screen's height of the viewport, as a lazy image is fetched
  // before it is scrolled to, so that a reader who scrolls to it and presses at once finds
  // its next frames ready)
  function nearNeighbours(fig) {
    if (fig.near) { return; }
    fig.near = true;
    fig.controls.forEach(function (c) { fig.neighbours(c._nxc.axis, false, 1); });
  }
  var nearby = seen ? new IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      var fig = figureOf(e.target);
      if (!fig || !e.isIntersecting) { return; }
      nearby.unobserve(e.target);
      whenLoaded(function () { nearNeighbours(fig); });
    });
  }, { rootMargin: "100% 0px 100% 0px" }) : null;

  // Figures parsed so far: set up and marked ready (their controls move their frames).
  function scan() {
    var boxes = document.querySelectorAll(".nxc-explorer[data-nxc-frames]:not(.nxc-ready)");
    Array.prototype.forEach.call(boxes, function (box) {
      // not parsed to its end yet (a still figure, no axes, has no link control: its image will do)
      if (!box.querySelector('.nxc-share,[data-nxc-axes="[]"] img')) { return; }
      if (!figureOf(box)) { return; }
      box._nxcFig.followTheme();
      Array.prototype.forEach.call(box.querySelectorAll("[data-nxc-more][disabled]"), function (b) {
        b.disabled = false;
      });
      box.classList.add("nxc-ready");
      // a page with a working figure (nxc-explorer.css hides the theme's floating button
      // there): a class on the root, not a `body:has()` rule, which the browser evaluates
      // again, by a search of the whole page, after each change that touches the figure
      document.documentElement.classList.add("nxc-figures");
      if (seen) { seen.observe(box); nearby.observe(box); }
    });
  }

  // While the page is parsed: each time the parser has added nodes (at the end of each of
  // its tasks, before the next display frame) the figures it has finished are set up, so a
  // figure is operable in the first frame that shows it. (Scanning at each display frame
  // instead left it a frame behind, and on a slow phone the parser's tasks can hold the
  // next frame back by 100 ms.)
  function whileParsing() {
    scan();
    var pending = ".nxc-explorer[data-nxc-frames]:not(.nxc-ready)";
    var parsing = new MutationObserver(function () { if (document.querySelector(pending)) { scan(); } });
    parsing.observe(document.documentElement, { childList: true, subtree: true });
    document.addEventListener("DOMContentLoaded", function () { parsing.disconnect(); });
  }

  function parsed() {
    scan();
    // values the browser restored (back/forward) rather than the defaults in the HTML
    figures.forEach(function (f) { f.update(); });
    var linked = applyHash(location.hash.replace(/^#/, ""));
    if (linked) { linked.box.scrollIntoView({ block: "start" }); }
    window.addEventListener("hashchange", function () {
      if (writing) { return; }
      var fig = applyHash(location.hash.replace(/^#/, ""));
      if (fig) { fig.box.scrollIntoView({ block: "start" }); }
    });
    // across the phone breakpoint a swapped-in frame (no <picture> rules of its own) is
    // replaced by the other layout's file
    if (figures.length) {
      matches(figures[0].narrow, function () {
        figures.forEach(function (f) {
          if (f.box.querySelector(".nxc-frame img") !== f.img) { f.paint(f.shown); }
        });
      });
    }
  }

  // A group's option chosen by the script (as the browser's own click would): its frame shown.
  function choose(radio) {
    radio.checked = true;
    onChange({ target: radio });
  }

  // A finger on a button of a group: the option is chosen as the finger lifts (pointerup, on
  // the button it landed on, no scroll in between), as the click that follows would choose
  // it, without waiting for the browser to recognise the tap (tens of ms on a slow phone).
  // That click then finds the option chosen already and changes nothing.
  var pressed = null;
  document.addEventListener("pointerdown", function (e) {
    var option = e.pointerType === "touch" && e.isPrimary && e.target.closest ? e.target.closest(".nxc-option") : null;
    pressed = option && controlOf(option) ? option : null;
  }, { capture: true, passive: true });
  document.addEventListener("pointercancel", function () { pressed = null; }, { capture: true, passive: true });
  document.addEventListener("pointerup", function (e) {
    var option = pressed;
    pressed = null;
    var radio = option && option.querySelector("input[type=radio]");
    if (!radio || radio.checked || radio.disabled) { return; }
    var box = option.getBoundingClientRect();
    if (e.clientX < box.left || e.clientX > box.right || e.clientY < box.top || e.clientY > box.bottom) { return; }
    choose(radio);
  }, { capture: true, passive: true });

  // An arrow key in a figure's button group: the next (or previous) option, wrapping at the
  // ends, is chosen and focused here, as the browser's own radio group would do it. Left to
  // the browser, the step also dispatches a click, then input and change, through every
  // page-wide click listener of the theme and its extensions before the new frame can be
  // drawn (about a third of a key's time to frame on a slow phone). Space, Tab and every
  // other key stay the browser's.
  var STEPS = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
  document.addEventListener("keydown", function (e) {
    // Enter on Pin, Unpin or Flip: done here, not by the click the browser would synthesise
    // (which first runs through every page-wide click listener of the theme)
    if (e.key === "Enter" && !e.defaultPrevented && !e.repeat && !e.altKey && !e.ctrlKey && !e.metaKey &&
        !e.shiftKey && e.target && e.target.matches && e.target.matches("button[data-nxc-more]:not([disabled])")) {
      var box = e.target.closest(".nxc-explorer[data-nxc-frames]");
      var owner = box && figureOf(box);
      if (owner) {
        e.preventDefault();
        var button = e.target;
        more(function (m) { m.click(owner, button); });
        return;
      }
    }
    var step = STEPS[e.key];
    var radio = e.target;
    if (!step || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) { return; }
    if (!radio || radio.type !== "radio") { return; }
    var control = controlOf(radio);
    if (!control) { return; }
    var options = Array.prototype.filter.call(control.querySelectorAll("input[type=radio]"), function (r) {
      return !r.disabled;
    });
    var at = options.indexOf(radio);
    if (at < 0 || options.length < 2) { return; }
    var rtl = (e.key === "ArrowLeft" || e.key === "ArrowRight") && control.closest("[dir=rtl]");
    var next = options[(at + (rtl ? -step : step) + options.length) % options.length];
    e.preventDefault();
    next.focus();
    choose(next);
  });

  document.addEventListener("input", onChange);
  document.addEventListener("change", onChange);
  document.addEventListener("click", onClick);
  document.addEventListener("toggle", onToggle, true);
  ["focusin", "pointerover"].forEach(function (type) {
    document.addEventListener(type, onIntent, { capture: true, passive: true });
  });
  // a view still waiting for the address is written before the page is left or reloaded
  window.addEventListener("pagehide", flushHash);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { flushHash(); }
  });
  ["focusin", "touchstart", "pointerdown", "pointerover"].forEach(function (type) {
    document.addEventListener(type, onActivity, { capture: true, passive: true });
  });
  // What nxc-explorer-more.js works with.
  var api = window.nxcExplorer = {
    figures: figures, indexOf: indexOf, setIndex: setIndex, fetchFrame: fetchFrame,
    writeHashSoon: writeHashSoon, figureOf: figureOf, more: null
  };

  if (document.readyState === "loading") {
    whileParsing();
    document.addEventListener("DOMContentLoaded", parsed);
  } else {
    parsed();
  }
})();
