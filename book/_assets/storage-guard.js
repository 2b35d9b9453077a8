// Runs first on every page. When the browser refuses storage (privacy settings, some
// embedded views), reading window.localStorage throws, and the theme's scripts and ours
// would fail. Then this puts an in-memory stand-in in its place: the page works the same,
// and nothing is kept after the visit. questions.js reads window.nxqStorageRefused to say so.
(function () {
  "use strict";
  function memory() {
    var data = {};
    return {
      getItem: function (key) { return Object.prototype.hasOwnProperty.call(data, key) ? data[key] : null; },
      setItem: function (key, value) { data[key] = String(value); },
      removeItem: function (key) { delete data[key]; },
      clear: function () { data = {}; },
      key: function (index) { return Object.keys(data)[index] || null; },
      get length() { return Object.keys(data).length; }
    };
  }
  ["localStorage", "sessionStorage"].forEach(function (name) {
    try {
      var store = window[name];
      store.setItem("nxq-probe", "1");
      store.removeItem("nxq-probe");
    } catch (error) {
      window.nxqStorageRefused = true;
      try {
        Object.defineProperty(window, name, { configurable: true, value: memory() });
      } catch (ignored) { /* not replaceable: our own script still copes */ }
    }
  });
})();
