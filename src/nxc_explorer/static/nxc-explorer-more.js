// Compare and data tables for the book's figures (nxc_explorer).
// Loaded by nxc-explorer.js the first time a reader asks for one of them (a pointer or focus
// on "Pin this view" or the data table): pages load none of it.
//  - pin(fig, indices): keeps a view beside the current one (side by side on wide screens,
//    one at a time with a flip button on phones), each labelled with its settings; a readout
//    (a live region) says what differs, from the two frames' own descriptions; the address
//    holds both views; "Unpin" returns to one view.
//  - follow(fig): after a control moved: the pinned comparison and an open data table follow.
//  - the data table: the shown view's numbers (its CSV file, fetched when the table opens),
//    a few rows per series; the CSV links hold every point.
(function () {
  "use strict";
  var api = window.nxcExplorer;
  if (!api) { return; }

  function labelsOf(c) {
    return c._nxc.labels || Array.prototype.map.call(c.querySelectorAll("option, .nxc-option span"), function (o) {
      return o.textContent.trim();
    });
  }
  function nameOf(c) {
    var label = (c.closest(".nxc-control") || c).querySelector(".nxc-label");
    return label ? label.textContent.trim() : c._nxc.name;
  }
  // "Dose 50 mg, Regimen daily tablets": a view's settings as a reader reads them.
  function settings(fig, idx, only) {
    return fig.controls.filter(function (c) { return !only || only.indexOf(c) >= 0; }).map(function (c) {
      return nameOf(c) + " " + labelsOf(c)[idx[c._nxc.axis]];
    }).join(", ");
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text) { e.textContent = text; }
    return e;
  }
  function status(fig, text) {
    var s = fig.box.querySelector(".nxc-share-status");
    if (s) { s.textContent = text; }
  }
  // The clauses of a frame's description (its alt text) that the other one does not have.
  // A clause ends at ". " or "; " outside parentheses ("90% (typical person; the band ...)").
  function clauses(text) {
    var out = [];
    var depth = 0;
    var start = 0;
    text = String(text);
    for (var i = 0; i < text.length; i++) {
      var ch = text[i];
      if (ch === "(") { depth++; } else if (ch === ")") { depth = Math.max(0, depth - 1); } else if (
        depth === 0 && (ch === "." || ch === ";") && (i + 1 === text.length || /\s/.test(text[i + 1]))) {
        out.push(text.slice(start, i));
        start = i + 1;
      }
    }
    out.push(text.slice(start));
    return out.map(function (s) { return s.trim(); }).filter(Boolean);
  }
  function differs(a, b) {
    var ca = clauses(a);
    var cb = clauses(b);
    return [ca.filter(function (s) { return cb.indexOf(s) < 0; }), cb.filter(function (s) { return ca.indexOf(s) < 0; })];
  }

  // --- compare ----------------------------------------------------------------------
  // Below this width the two views are shown one at a time (nxc-explorer.css).
  var phone = window.matchMedia("(max-width: 767px)");

  function pinButton(fig) { return fig.box.querySelector(".nxc-pin"); }

  function pin(fig, idx) {
    idx = (idx || fig.indices()).slice();
    if (fig.pin) { unpin(fig, true); }
    var frame = fig.frameAt(idx);
    fig.pin = idx;
    // side by side, each view has half the column: both in the phone layout, when there is one
    if (!phone.matches && fig.size.narrow && (fig.spec.frames[frame] || [])[0]) {
      fig.compact = true;
      fig.paint(fig.frameAt(fig.indices()));
    }
    var live = fig.box.querySelector(".nxc-frame");
    var pair = el("div", "nxc-pair");
    pair.setAttribute("data-show", "now");
    live.parentNode.insertBefore(pair, live);
    var pinned = el("figure", "nxc-pinned");
    var label = el("p", "nxc-view-label", fig.say("pinned", { settings: settings(fig, idx) }));
    label.id = fig.id + "-pinned-label";
    pinned.setAttribute("aria-labelledby", label.id);
    var img = new Image();
    var url = fig.url(frame);
    api.fetchFrame(url);
    img.src = url;
    img.alt = fig.alts[frame];
    var size = fig.narrowNow() && fig.size.narrow ? fig.size.narrow : fig.size.wide;
    if (size) { img.width = Number(size[0]); img.height = Number(size[1]); }
    var unpinButton = el("button", "nxc-unpin", fig.say("unpin"));
    unpinButton.type = "button";
    unpinButton.setAttribute("data-nxc-more", "unpin");
    unpinButton.setAttribute("aria-label", fig.say("unpin-view", { settings: settings(fig, idx) }));
    pinned.appendChild(label);
    pinned.appendChild(img);
    pinned.appendChild(unpinButton);
    var now = el("div", "nxc-now");
    var nowLabel = el("p", "nxc-view-label", "");
    nowLabel.id = fig.id + "-now-label";
    now.setAttribute("role", "group");
    now.setAttribute("aria-labelledby", nowLabel.id);
    now.appendChild(nowLabel);
    now.appendChild(live);
    pair.appendChild(pinned);
    pair.appendChild(now);
    var flip = el("button", "nxc-flip", fig.say("show-pinned"));
    flip.type = "button";
    flip.setAttribute("data-nxc-more", "flip");
    var readout = el("p", "nxc-readout-compare");
    readout.setAttribute("role", "status");
    readout.setAttribute("aria-live", "polite");
    // the flip button above the two views: on a phone it and the shown view fit one screen
    pair.parentNode.insertBefore(flip, pair);
    pair.parentNode.insertBefore(readout, pair.nextSibling);
    var button = pinButton(fig);
    if (button) { button.setAttribute("aria-pressed", "true"); }
    fig.box.classList.add("nxc-comparing");
    follow(fig);
    api.writeHashSoon();
  }

  function unpin(fig, quiet) {
    var pair = fig.box.querySelector(".nxc-pair");
    if (!pair) { fig.pin = null; return; }
    var live = pair.querySelector(".nxc-frame");
    pair.parentNode.insertBefore(live, pair);
    ["nxc-pair", "nxc-flip", "nxc-readout-compare"].forEach(function (cls) {
      var e = fig.box.querySelector("." + cls);
      if (e) { e.remove(); }
    });
    fig.pin = null;
    if (fig.compact) {
      fig.compact = false;
      fig.paint(fig.frameAt(fig.indices()));
    }
    fig.box.classList.remove("nxc-comparing");
    var button = pinButton(fig);
    if (button) { button.setAttribute("aria-pressed", "false"); }
    if (!quiet) {
      status(fig, fig.say("unpinned"));
      if (button) { button.focus(); }
      api.writeHashSoon();
    }
  }

  function compareText(fig) {
    var idx = fig.indices();
    var frame = fig.frameAt(idx);
    var pinned = fig.frameAt(fig.pin);
    if (frame === pinned) { return fig.say("same"); }
    var moved = fig.controls.filter(function (c) { return idx[c._nxc.axis] !== fig.pin[c._nxc.axis]; });
    var diff = differs(fig.alts[pinned], fig.alts[frame]);
    var text = fig.say("moved", { pinned: settings(fig, fig.pin, moved), now: settings(fig, idx, moved) });
    if (diff[0].length || diff[1].length) {
      text += " " + fig.say("differ", { pinned: diff[0].join("; "), now: diff[1].join("; ") });
    }
    return text;
  }

  // --- the data table ---------------------------------------------------------------
  var texts = {}; // url -> promise of the CSV text
  function load(url) {
    if (!texts[url]) {
      texts[url] = fetch(url).then(function (r) {
        if (!r.ok) { throw new Error(r.status + " " + url); }
        return r.text();
      });
    }
    return texts[url];
  }
  function parseCsv(text) {
    var rows = [];
    var row = [];
    var cell = "";
    var quoted = false;
    for (var i = 0; i < text.length; i++) {
      var ch = text[i];
      if (quoted) {
        if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') { quoted = false; } else { cell += ch; }
      } else if (ch === '"') { quoted = true; } else if (ch === ",") { row.push(cell); cell = ""; } else if (ch === "\n") {
        row.push(cell); rows.push(row); row = []; cell = "";
      } else { cell += ch; }
    }
    if (cell || row.length) { row.push(cell); rows.push(row); }
    return rows;
  }
  var ROWS_PER_SERIES = 8;
  function tableOf(fig, frame, rows) {
    var head = rows[0];
    var col = {};
    head.forEach(function (name, i) { col[name] = i; });
    var panels = [];
    var byPanel = {};
    rows.slice(1).forEach(function (r) {
      var key = r[col.panel];
      if (!byPanel[key]) { byPanel[key] = { series: [], bySeries: {} }; panels.push(key); }
      var p = byPanel[key];
      if (!p.bySeries[r[col.series]]) { p.bySeries[r[col.series]] = []; p.series.push(r[col.series]); }
      p.bySeries[r[col.series]].push(r);
    });
    var out = document.createDocumentFragment();
    var view = settings(fig, fig.indices());
    panels.forEach(function (name) {
      var p = byPanel[name];
      var t = el("table", "nxc-data-table");
      var first = p.bySeries[p.series[0]][0];
      t.appendChild(el("caption", "", name + " (" + view + ")"));
      var tr = el("tr");
      ["Series", first[col.x_label] || "x", first[col.y_label] || "y"].forEach(function (h) {
        var th = el("th", "", h);
        th.scope = "col";
        tr.appendChild(th);
      });
      var thead = el("thead");
      thead.appendChild(tr);
      t.appendChild(thead);
      var body = el("tbody");
      p.series.forEach(function (s) {
        var points = p.bySeries[s];
        var n = points.length;
        var k = Math.min(n, ROWS_PER_SERIES);
        for (var j = 0; j < k; j++) {
          var r = points[k === 1 ? 0 : Math.round(j * (n - 1) / (k - 1))];
          var row = el("tr");
          var th = el("th", "", s);
          th.scope = "row";
          row.appendChild(th);
          row.appendChild(el("td", "", r[col.x]));
          row.appendChild(el("td", "", r[col.y]));
          body.appendChild(row);
        }
      });
      t.appendChild(body);
      out.appendChild(t);
    });
    var total = rows.length - 1;
    out.appendChild(el("p", "nxc-table-note", fig.say("table-note", { rows: ROWS_PER_SERIES, total: total })));
    return out;
  }
  function table(fig) {
    var details = fig.box.querySelector(".nxc-table");
    if (!details || !details.open || !fig.spec.data) { return; }
    var frame = fig.frameAt(fig.indices());
    var body = details.querySelector(".nxc-table-body");
    var token = details._nxcToken = (details._nxcToken || 0) + 1;
    load(fig.base + fig.spec.data[frame]).then(function (text) {
      if (token !== details._nxcToken) { return; }
      body.replaceChildren(tableOf(fig, frame, parseCsv(text)));
      body.setAttribute("data-nxc-frame", String(frame));
    }, function (error) {
      if (token !== details._nxcToken) { return; }
      body.replaceChildren(el("p", "", fig.say("table-failed", { error: error.message })));
    });
  }

  // --- events from nxc-explorer.js --------------------------------------------------
  function follow(fig) {
    if (fig.pin) {
      var now = fig.box.querySelector(".nxc-now .nxc-view-label");
      var nowText = fig.say("now", { settings: settings(fig, fig.indices()) });
      // written only when it changes (a same-text write replaces the text node: a new layout)
      if (now && now.textContent !== nowText) { now.textContent = nowText; }
      var readout = fig.box.querySelector(".nxc-readout-compare");
      var text = compareText(fig);
      if (readout && readout.textContent !== text) { readout.textContent = text; }
    }
    table(fig);
  }

  function click(fig, button) {
    var what = button.getAttribute("data-nxc-more");
    if (what === "pin") {
      if (fig.pin) { unpin(fig); } else {
        pin(fig);
        status(fig, fig.say("pinned-status", { settings: settings(fig, fig.pin) }));
      }
    } else if (what === "unpin") {
      unpin(fig);
    } else if (what === "flip") {
      var pair = fig.box.querySelector(".nxc-pair");
      var showPinned = pair.getAttribute("data-show") !== "pinned";
      pair.setAttribute("data-show", showPinned ? "pinned" : "now");
      button.textContent = fig.say(showPinned ? "show-current" : "show-pinned");
      status(fig, fig.say(showPinned ? "showing-pinned" : "showing-current"));
    }
  }

  api.more = { pin: pin, unpin: unpin, follow: follow, click: click };
})();
