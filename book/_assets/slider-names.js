// Give every widget slider handle an accessible name (its label) and a spoken value
// (its readout, which carries the unit). Runs whenever the widgets render or change.
(function () {
  "use strict";
  function nameSliders() {
    document.querySelectorAll(".widget-slider").forEach(function (slider) {
      var handle = slider.querySelector("[role='slider']");
      if (!handle) { return; }
      var label = slider.querySelector(".widget-label");
      var readout = slider.querySelector(".widget-readout");
      var name = label ? label.textContent.trim() : "";
      var text = readout ? (readout.value || readout.textContent || "").trim() : "";
      if (name && handle.getAttribute("aria-label") !== name) {
        handle.setAttribute("aria-label", name);
      }
      if (text && handle.getAttribute("aria-valuetext") !== text) {
        handle.setAttribute("aria-valuetext", text);
      }
    });
  }
  var observer = new MutationObserver(nameSliders);
  function start() {
    nameSliders();
    observer.observe(document.body, {
      subtree: true, childList: true, characterData: true,
      attributes: true, attributeFilter: ["aria-valuetext", "aria-valuenow"]
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
