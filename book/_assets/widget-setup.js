// Runs before the vendored widget bundle (embed.js) on pages with widgets.
(function () {
  "use strict";
  // The widget bundle typesets labels with the MathJax 2 call MathJax.Hub.Queue,
  // but the book loads MathJax 3, which has no Hub: every widget would raise a page
  // error. Offer the old call, forwarding to MathJax 3's typesetPromise.
  function installHub() {
    var mathjax = window.MathJax;
    if (!mathjax || mathjax.Hub) { return; }
    mathjax.Hub = {
      Queue: function () {
        var current = window.MathJax;
        if (current && typeof current.typesetPromise === "function") {
          current.typesetPromise().catch(function () { /* a label that is not math */ });
        }
      }
    };
  }
  installHub();
  document.addEventListener("DOMContentLoaded", installHub);
  window.addEventListener("load", installHub);
})();
