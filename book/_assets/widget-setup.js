// Runs before the vendored widget bundle (embed.js) on pages with widgets.
(function () {
  "use strict";
  // 1. The theme's Font Awesome script rewrites <i class="fa"> icons as they appear and
  //    breaks widgets that use them. Stop it watching the page.
  window.FontAwesomeConfig = Object.assign(window.FontAwesomeConfig || {}, { observeMutations: false });

  // 2. The widget bundle brings Font Awesome 5 and claims the theme's ".fas"/".fab"
  //    icons for it, so pages with widgets downloaded two more icon fonts (155 kB) for
  //    the same header icons. Keep those icons on the theme's Font Awesome 6 fonts.
  var style = document.createElement("style");
  style.textContent =
    "html .fas, html .fa-solid { font-family: 'Font Awesome 6 Free'; font-weight: 900; }\n" +
    "html .fab, html .fa-brands { font-family: 'Font Awesome 6 Brands'; font-weight: 400; }";
  (document.head || document.documentElement).appendChild(style);

  // 3. The widget bundle typesets labels with the MathJax 2 call MathJax.Hub.Queue,
  //    but the book loads MathJax 3, which has no Hub: every widget would raise a page
  //    error. Offer the old call, forwarding to MathJax 3's typesetPromise.
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
