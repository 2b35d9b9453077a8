// Runs inside a page of the built book (Firefox ESR, WebKitGTK): what the test needs to
// know about the figures, and one step of one control. Kept as plain functions so both
// drivers (firefox.mjs over WebDriver BiDi, webkit.py over WebDriver) send the same code.
// figuresState(): [{id, ready, alt, caption, src, controls: [{kind, index, count}]}]
function figuresState() {
  return Array.prototype.map.call(document.querySelectorAll(".nxc-explorer"), function (box) {
    var img = box.querySelector(".nxc-frame img");
    return {
      id: box.id,
      ready: box.classList.contains("nxc-ready"),
      alt: img ? img.alt : "",
      src: img ? (img.currentSrc || img.src) : "",
      complete: img ? img.complete && img.naturalWidth > 0 : false,
      caption: (box.querySelector(".nxc-frame figcaption") || {}).textContent || "",
      expected: (function () {
        var alts = JSON.parse(box.getAttribute("data-nxc-alts"));
        var controls = box.querySelectorAll("[data-nxc-axis]");
        var shape = [], idx = [];
        Array.prototype.forEach.call(controls, function (c) {
          var axis = Number(c.getAttribute("data-nxc-axis"));
          var radios = c.querySelectorAll("input[type=radio]");
          var box_ = c.type === "checkbox"; // a toggle: off 0, on 1
          shape[axis] = box_ ? 2 : c.tagName === "FIELDSET" ? radios.length : c.tagName === "SELECT" ? c.options.length : Number(c.max) + 1;
          idx[axis] = box_ ? (c.checked ? 1 : 0) : c.tagName === "FIELDSET" ? Number(c.querySelector("input:checked").value) : Number(c.value);
        });
        var p = 0;
        for (var a = 0; a < shape.length; a++) { p = p * shape[a] + idx[a]; }
        return alts[p];
      })(),
      controls: Array.prototype.map.call(box.querySelectorAll("[data-nxc-axis]"), function (c) {
        var kind = c.type === "checkbox" ? "toggle" : c.tagName === "FIELDSET" ? "buttons" : c.tagName === "SELECT" ? "select" : "slider";
        var count = kind === "toggle" ? 2 : kind === "buttons" ? c.querySelectorAll("input").length : kind === "select" ? c.options.length : Number(c.max) + 1;
        var index = kind === "toggle" ? (c.checked ? 1 : 0) : kind === "buttons" ? Number(c.querySelector("input:checked").value) : Number(c.value);
        return { kind: kind, index: index, count: count, name: c.getAttribute("data-nxc-name") };
      })
    };
  });
}

// compareState(f): the f-th figure's comparison: {pinned: alt of the pinned view or "",
// shown: alt of the current view, readout, pressed (the pin button's aria-pressed), hash}.
function compareState(f) {
  var box = document.querySelectorAll(".nxc-explorer")[f];
  var pinned = box.querySelector(".nxc-pinned img");
  var readout = box.querySelector(".nxc-readout-compare");
  var pin = box.querySelector(".nxc-pin");
  return {
    pinned: pinned ? pinned.alt : "",
    shown: box.querySelector(".nxc-frame img").alt,
    readout: readout ? readout.textContent : "",
    pressed: pin ? pin.getAttribute("aria-pressed") : "",
    hash: location.hash
  };
}
