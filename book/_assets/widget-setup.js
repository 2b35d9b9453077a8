// Runs before the vendored widget bundle (embed.js) on pages with widgets.
(function () {
  "use strict";
  // The widget controls typeset their labels with the MathJax 2 call
  // MathJax.Hub.Queue(["Typeset", MathJax.Hub, element]), but the book loads MathJax 3,
  // which has no Hub: every widget would raise a page error. Offer the old call,
  // forwarding to MathJax 3's typesetPromise for that element only, and only when its
  // text holds TeX delimiters (a whole-page typeset per widget would rescan the page
  // for every label and every frame shown).
  var TEX = /\$|\\\(|\\\[/;
  var hub = {
    Queue: function (job) {
      var element = job && job[2];
      var current = window.MathJax;
      if (!element || !current || typeof current.typesetPromise !== "function") { return; }
      if (!TEX.test(element.textContent || "")) { return; }
      current.typesetPromise([element]).catch(function () { /* not math after all */ });
    }
  };
  function installHub(mathjax) {
    if (mathjax && typeof mathjax === "object" && !mathjax.Hub) { mathjax.Hub = hub; }
    return mathjax;
  }
  // The widgets may render before or after MathJax replaces its configuration object
  // (window.MathJax) with itself: whichever object window.MathJax holds gets the Hub.
  var current = installHub(window.MathJax);
  try {
    Object.defineProperty(window, "MathJax", {
      configurable: true,
      enumerable: true,
      get: function () { return current; },
      set: function (value) { current = installHub(value); }
    });
  } catch (e) {
    document.addEventListener("DOMContentLoaded", function () { installHub(window.MathJax); });
  }
})();
