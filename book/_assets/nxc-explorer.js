// The book's figures (src/naltrexone_course/explorer.py): the page holds each figure's
// default frame as plain HTML (.nxc-static, visible before any script and with
// JavaScript off); the widget bundle then renders the sliders inside the same outer
// element (.nxc-explorer). This script
//  1. shows the widget in place of the static figure once the widget's own first frame
//     is decoded (both share one grid cell, so nothing below moves), and
//  2. prefetches the frames next to a slider's value while it has focus or is touched,
//     so a key press or a drag shows the next frame without waiting for the network.
// Loaded with `defer` on pages with figures (nb_ipywidgets_js in _config.yml).
(function () {
  "use strict";
  var kept = new Map(); // url -> decoded Image: keeps prefetched frames in memory

  function spec(box) {
    if (!box._nxc) {
      try {
        box._nxc = JSON.parse(box.getAttribute("data-nxc-frames") || "null");
      } catch (e) {
        box._nxc = null;
      }
    }
    return box._nxc;
  }

  // Which file this screen shows: the <picture> rules, in script form.
  function column(box) {
    var narrow = window.matchMedia(box.getAttribute("data-nxc-narrow") || "(max-width: 0px)").matches;
    var dense = (window.devicePixelRatio || 1) > 1;
    var order = narrow ? [dense ? 1 : 0, 0] : [dense ? 3 : 2, 2];
    return order;
  }

  function prefetch(box, frame) {
    var s = spec(box);
    if (!s || frame < 0 || frame >= s.frames.length) { return; }
    var names = s.frames[frame];
    var cols = column(box);
    var name = names[cols[0]] || names[cols[1]];
    if (!name) { return; }
    var url = box.getAttribute("data-nxc-base") + name;
    if (kept.has(url)) { return; }
    var img = new Image();
    img.decoding = "async";
    img.src = url;
    kept.set(url, img);
    if (img.decode) { img.decode().catch(function () { /* shown later anyway */ }); }
  }

  function indices(box) {
    return Array.prototype.map.call(box.querySelectorAll("[role='slider']"), function (h) {
      return Math.round(Number(h.getAttribute("aria-valuenow")) || 0);
    });
  }

  function frameAt(shape, idx) {
    var position = 0;
    for (var i = 0; i < shape.length; i++) { position = position * shape[i] + idx[i]; }
    return position;
  }

  // Frames one and two steps from the current value along slider `which`;
  // `all`: every value of that slider (a finger can jump anywhere on the track).
  function neighbours(box, which, all) {
    var s = spec(box);
    if (!s) { return; }
    var idx = indices(box);
    if (idx.length !== s.shape.length || which < 0) { return; }
    var n = s.shape[which];
    var steps = all ? n : 2;
    for (var d = 1; d <= steps; d++) {
      [idx[which] + d, idx[which] - d].forEach(function (v) {
        if (v < 0 || v >= n) { return; }
        var other = idx.slice();
        other[which] = v;
        prefetch(box, frameAt(s.shape, other));
      });
    }
  }

  function onActivity(event) {
    var target = event.target;
    if (!target || !target.closest) { return; }
    var box = target.closest(".nxc-explorer");
    if (!box || !spec(box)) { return; }
    var slider = target.closest(".widget-slider");
    var sliders = Array.prototype.slice.call(box.querySelectorAll(".widget-slider"));
    var which = sliders.indexOf(slider);
    if (which < 0) { return; }
    neighbours(box, which, event.type === "touchstart" || event.type === "pointerdown");
  }

  ["focusin", "touchstart", "pointerdown", "keyup"].forEach(function (type) {
    document.addEventListener(type, onActivity, { capture: true, passive: true });
  });
  // Values reached by dragging: prefetch around each new value as it is reached.
  var watcher = new MutationObserver(function (records) {
    records.forEach(function (r) {
      var handle = r.target;
      if (handle.getAttribute && handle.getAttribute("role") === "slider" &&
          handle.closest && handle.closest(".nxc-explorer")) {
        onActivity({ target: handle, type: "change" });
      }
    });
    showWidgets();
  });

  // 1. Static figure -> widget, once the widget's first frame is decoded.
  function showWidgets() {
    document.querySelectorAll(".nxc-explorer:not(.nxc-ready)").forEach(function (box) {
      var widget = box.querySelector(".nxc-widget");
      if (!widget) { return; }
      var img = widget.querySelector(".nxc-frame img");
      // the widget has rendered its controls: sliders, toggle buttons or a drop-down
      var controls = "[role='slider'], .widget-toggle-buttons button, .widget-dropdown select";
      if (!img || !widget.querySelector(controls)) { return; }
      var ready = function () { box.classList.add("nxc-ready"); };
      if (img.complete && img.naturalWidth > 0) { ready(); }
      else { img.addEventListener("load", ready, { once: true }); }
    });
  }

  function start() {
    watcher.observe(document.body, {
      subtree: true, childList: true, attributes: true, attributeFilter: ["aria-valuenow"]
    });
    showWidgets();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
