// The book offline (book/_ext/offline.py adds this script once a page has loaded, never before).
//  1. Registers the book's service worker (nxc-sw.js at the site root), which keeps every
//     page a reader opens with its assets and the frames it shows; and keeps what this first
//     visit fetched before the worker controlled the page.
//  2. Shows the "Save this course for offline" panel (on the intro page where it marks a
//     place, .nxc-save-here, and in every page's footer): the size before it starts, a
//     progress bar, Cancel, and Remove; it says what is saved and when. It downloads every page
//     of this edition and, for every figure, the frames this screen shows (narrow or wide,
//     1x or 2x), from the build's manifest (nxc-offline.json).
//  3. When the book has been rebuilt (the manifest's build differs from the saved one), the
//     saved copy is brought up to date: changed pages fetched again, new files added, files
//     no longer listed dropped.
// Without service workers or the Cache API (or JavaScript) none of this shows.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !window.caches || !window.fetch) { return; }
  var here = document.currentScript && document.currentScript.src;
  if (!here) { return; }
  var ROOT = new URL("../", here.split("?")[0]);
  var VISITED = "nxc-visited";
  var SAVED = "nxc-saved";
  var RECORD = new URL("nxc-saved.json", ROOT).href; // what is saved (kept in the cache SAVED)
  var MANIFEST = new URL("nxc-offline.json", ROOT).href; // every file: read when saving
  var SIZES = new URL("nxc-offline-size.json", ROOT).href; // the build and each screen's size: read at load
  var SKIP = { "x-nxc-save": "1" }; // the worker lets these requests go to the network as they are
  var lang = (document.documentElement.lang || "en").slice(0, 2) === "it" ? "it" : "en";

  var WORDS = {
    en: {
      heading: "Read offline",
      save: "Save this course for offline",
      sizing: "Save this course for offline",
      cancel: "Cancel",
      remove: "Remove the saved copy",
      none: "Pages you open are kept on this device for reading offline. Save the whole course, with every figure sized for this screen:",
      saving: "Saving the course: {done} of {total}",
      updating: "Updating the saved copy to the new edition: {done} of {total}",
      saved: "Saved on this device on {when}: {pages} pages and {frames} figure frames ({size}, for a {screen} screen). It updates itself when the course changes.",
      cancelled: "Saving stopped. Nothing more was downloaded.",
      removed: "The saved copy was removed from this device.",
      failed: "Saving stopped: a file could not be downloaded ({what}). Try again when the connection is better.",
      narrow: "narrow", wide: "wide", dense: "sharp"
    },
    it: {
      heading: "Leggere offline",
      save: "Salva il corso per la lettura offline",
      sizing: "Salva il corso per la lettura offline",
      cancel: "Annulla",
      remove: "Elimina la copia salvata",
      none: "Le pagine che apri restano su questo dispositivo per la lettura offline. Salva l\u2019intero corso, con ogni figura adatta a questo schermo:",
      saving: "Salvataggio del corso: {done} di {total}",
      updating: "Aggiornamento della copia salvata alla nuova edizione: {done} di {total}",
      saved: "Salvato su questo dispositivo il {when}: {pages} pagine e {frames} immagini delle figure ({size}, per uno schermo {screen}). Si aggiorna da sola quando il corso cambia.",
      cancelled: "Salvataggio interrotto. Non \u00e8 stato scaricato altro.",
      removed: "La copia salvata \u00e8 stata eliminata da questo dispositivo.",
      failed: "Salvataggio interrotto: un file non \u00e8 stato scaricato ({what}). Riprova con una connessione migliore.",
      narrow: "stretto", wide: "largo", dense: "ad alta densit\u00e0"
    }
  };
  var T = WORDS[lang];

  function say(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, k) { return values[k]; });
  }

  function megabytes(bytes) {
    var mb = bytes / 1e6;
    var text = (mb < 10 ? mb.toFixed(1) : String(Math.round(mb)));
    return (lang === "it" ? text.replace(".", ",") : text) + " MB";
  }

  function pageKey(loc) { return loc.origin + loc.pathname; }

  // ----------------------------------------------------------------- 1. the worker, this visit
  // What this visit fetched before the worker controlled the page (the page itself, its style
  // sheet and scripts, the frames shown): the worker fetches and keeps what it lacks (its own
  // requests, off the page; the browser's HTTP cache answers most of them).
  function keepThisVisit(registration) {
    var urls = [pageKey(location)];
    (performance.getEntriesByType ? performance.getEntriesByType("resource") : []).forEach(function (e) {
      var u = new URL(e.name);
      if (u.origin === location.origin && u.pathname.indexOf(ROOT.pathname) === 0 &&
          u.href !== MANIFEST && !/\/nxc-sw\.js$/.test(u.pathname)) {
        urls.push(u.href.split("#")[0]);
      }
    });
    var worker = registration.active || registration.waiting || registration.installing;
    if (worker) { worker.postMessage({ keep: urls }); }
  }

  var registered = navigator.serviceWorker.register(new URL("nxc-sw.js", ROOT).href, { scope: ROOT.href })
    .then(function () { return navigator.serviceWorker.ready; })
    .then(keepThisVisit)
    .catch(function () { return null; }); // refused (a private window, a blocked worker): the page stays as it is

  // ----------------------------------------------------------------- 2. what to save
  function dense() { return (window.devicePixelRatio || 1) > 1; }

  // Every file for this screen: pages of this edition, assets, and each frame by the <picture> rules.
  function plan(manifest) {
    var pages = manifest.pages.filter(function (p) { return p.lang === lang; });
    var files = {};
    var bytes = 0;
    var frames = 0;
    var narrowSeen = false;
    pages.forEach(function (p) { bytes += p.bytes; });
    manifest.assets.forEach(function (a) { files[a] = true; });
    var pageSet = {};
    pages.forEach(function (p) { pageSet[p.url] = true; });
    manifest.figures.forEach(function (f) {
      if (!pageSet[f.page]) { return; }
      var narrow = window.matchMedia && window.matchMedia(f.narrow).matches;
      f.frames.forEach(function (names, i) {
        var order = narrow && names[0] ? [dense() ? 1 : 0, 0] : [dense() ? 3 : 2, 2];
        var pick = [names[order[0]] || names[order[1]]];
        // the default frame in the other layout too: a phone turned sideways shows it wide
        // (and a phone's browser may ask for it before the page's viewport applies)
        if (i === f["default"]) { pick.push(narrow ? names[dense() ? 3 : 2] || names[2] : names[dense() ? 1 : 0] || names[0]); }
        pick.forEach(function (name) {
          if (name && !files[name]) { files[name] = true; frames += 1; }
        });
        if (narrow && names[0]) { narrowSeen = true; }
      });
    });
    Object.keys(files).forEach(function (f) { bytes += manifest.sizes[f] || 0; });
    return {
      build: manifest.build,
      pages: pages,
      files: Object.keys(files),
      frames: frames,
      bytes: bytes,
      screen: (narrowSeen ? T.narrow : T.wide) + (dense() ? ", " + T.dense : "")
    };
  }

  function url(path) { return new URL(path, ROOT).href; }

  function readRecord() {
    return caches.open(SAVED).then(function (cache) { return cache.match(RECORD); })
      .then(function (r) { return r ? r.json() : null; }).catch(function () { return null; });
  }

  function getManifest() {
    return fetch(MANIFEST, { cache: "no-store", headers: SKIP }).then(function (r) {
      if (!r.ok) { throw new Error(MANIFEST); }
      return r.json();
    });
  }

  function getSizes() {
    return fetch(SIZES, { cache: "no-store", headers: SKIP }).then(function (r) {
      if (!r.ok) { throw new Error(SIZES); }
      return r.json();
    });
  }

  // This screen's size from the sizes file (book/_ext/offline.py, screen_sizes: the bytes `plan`
  // gives for each edition, each set of phone media queries a screen matches and each density),
  // or null when the file has none for it.
  function sizeFor(sizes) {
    if (!sizes.bytes || !sizes.bytes[lang]) { return null; }
    var key = sizes.queries.map(function (q) {
      return window.matchMedia && window.matchMedia(q).matches ? "1" : "0";
    }).join("");
    var row = sizes.bytes[lang][key];
    return row ? { build: sizes.build, bytes: row[dense() ? 1 : 0] } : null;
  }

  // Download what `target` lists and `record` (the saved copy, or null) does not hold as it is;
  // drop what it no longer lists. `progress(done, total)`; `signal` cancels.
  function download(target, record, signal, progress) {
    var old = {};
    (record ? record.pages : []).forEach(function (p) { old[p.url] = p.sha256; });
    var keepUrls = {};
    target.pages.forEach(function (p) { keepUrls[url(p.url)] = true; });
    target.files.forEach(function (f) { keepUrls[url(f)] = true; });
    keepUrls[RECORD] = true;
    return caches.open(SAVED).then(function (cache) {
      return cache.keys().then(function (keys) {
        var have = {};
        keys.forEach(function (k) { have[k.url] = true; });
        var jobs = [];
        target.pages.forEach(function (p) {
          if (!have[url(p.url)] || old[p.url] !== p.sha256) { jobs.push(url(p.url)); }
        });
        // content-addressed files (frames, ?v= assets) never change; any other (the search
        // index) is fetched again when the build differs
        target.files.forEach(function (f) {
          var fixed = /^_frames\/|[?&]v=/.test(f);
          if (!have[url(f)] || (!fixed && (!record || record.build !== target.build))) { jobs.push(url(f)); }
        });
        var total = jobs.length;
        var done = 0;
        var next = 0;
        progress(0, total);
        function worker() {
          if (signal.aborted) { return Promise.reject(new DOMException("cancelled", "AbortError")); }
          if (next >= jobs.length) { return Promise.resolve(); }
          var job = jobs[next++];
          return fetch(job, { headers: SKIP, signal: signal, cache: "no-cache" }).then(function (r) {
            if (!r.ok) { throw new Error(job.slice(ROOT.href.length)); }
            return cache.put(job, r);
          }).then(function () {
            done += 1;
            progress(done, total);
            return worker();
          });
        }
        var workers = [];
        for (var i = 0; i < 4; i++) { workers.push(worker()); }
        return Promise.all(workers).then(function () {
          return Promise.all(keys.filter(function (k) { return !keepUrls[k.url]; }).map(function (k) {
            return cache.delete(k);
          }));
        }).then(function () {
          var saved = {
            build: target.build, when: new Date().toISOString(), lang: lang,
            pages: target.pages.map(function (p) { return { url: p.url, sha256: p.sha256 }; }),
            files: target.files.length, frames: target.frames, bytes: target.bytes, screen: target.screen
          };
          return cache.put(RECORD, new Response(JSON.stringify(saved), {
            headers: { "Content-Type": "application/json" }
          })).then(function () { return saved; });
        });
      });
    });
  }

  // ----------------------------------------------------------------- the panel
  var panels = [];
  var state = { record: null, target: null, busy: null };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text) { e.textContent = text; }
    return e;
  }

  function makePanel(where, before) {
    var box = el("section", "nxc-save");
    box.setAttribute("aria-label", T.heading);
    var head = el("p", "nxc-save-heading", T.heading);
    var what = el("p", "nxc-save-what", T.none);
    var row = el("div", "nxc-save-actions");
    var go = el("button", "nxc-save-go", T.save);
    go.type = "button";
    var cancel = el("button", "nxc-save-cancel", T.cancel);
    cancel.type = "button";
    cancel.hidden = true;
    var remove = el("button", "nxc-save-remove", T.remove);
    remove.type = "button";
    remove.hidden = true;
    var bar = el("progress", "nxc-save-progress");
    bar.max = 1;
    bar.value = 0;
    bar.hidden = true;
    bar.setAttribute("aria-label", T.save);
    var live = el("p", "nxc-save-status");
    live.setAttribute("role", "status");
    row.appendChild(go);
    row.appendChild(cancel);
    row.appendChild(remove);
    box.appendChild(head);
    box.appendChild(what);
    box.appendChild(row);
    box.appendChild(bar);
    box.appendChild(live);
    go.addEventListener("click", function () { start(false); });
    cancel.addEventListener("click", function () { if (state.busy) { state.busy.abort(); } });
    remove.addEventListener("click", removeSaved);
    where.insertBefore(box, before || null);
    var panel = { box: box, what: what, go: go, cancel: cancel, remove: remove, bar: bar, live: live };
    panels.push(panel);
    return panel;
  }

  function formatWhen(iso) {
    var d = new Date(iso);
    try {
      return d.toLocaleString(lang === "it" ? "it-IT" : "en-GB", { dateStyle: "long", timeStyle: "short" });
    } catch (e) { return d.toLocaleString(); }
  }

  function render(message) {
    panels.forEach(function (p) {
      var busy = !!state.busy;
      p.go.hidden = busy || !!(state.record && state.target && state.record.build === state.target.build);
      p.go.disabled = busy;
      p.go.textContent = T.save + (state.target ? " (" + megabytes(state.target.bytes) + ")" : "");
      p.cancel.hidden = !busy;
      p.remove.hidden = busy || !state.record;
      p.bar.hidden = !busy;
      if (state.record) {
        p.what.textContent = say(T.saved, {
          when: formatWhen(state.record.when), pages: state.record.pages.length,
          frames: state.record.frames, size: megabytes(state.record.bytes), screen: state.record.screen
        });
      } else {
        p.what.textContent = T.none;
      }
      if (message !== undefined) { p.live.textContent = message; }
    });
  }

  function progressTo(template) {
    return function (done, total) {
      panels.forEach(function (p) {
        p.bar.max = Math.max(total, 1);
        p.bar.value = done;
        p.live.textContent = say(template, { done: done, total: total });
      });
    };
  }

  function start(update) {
    if (state.busy) { return Promise.resolve(); }
    var controller = new AbortController();
    state.busy = controller;
    render("");
    if (navigator.storage && navigator.storage.persist) { navigator.storage.persist().catch(function () {}); }
    return getManifest().then(function (manifest) {
      state.target = plan(manifest);
      return download(state.target, state.record, controller.signal, progressTo(update ? T.updating : T.saving));
    }).then(function (saved) {
      state.busy = null;
      state.record = saved;
      render("");
      document.documentElement.setAttribute("data-nxc-saved", saved.build);
    }, function (error) {
      state.busy = null;
      var cancelled = error && error.name === "AbortError";
      // a first save that stopped leaves nothing half-saved; an update keeps the older copy
      var tidy = state.record ? Promise.resolve() : caches.delete(SAVED);
      return tidy.then(function () {
        render(cancelled ? T.cancelled : say(T.failed, { what: (error && error.message) || "?" }));
      });
    });
  }

  function removeSaved() {
    if (state.busy) { return; }
    caches.delete(SAVED).then(function () {
      state.record = null;
      document.documentElement.removeAttribute("data-nxc-saved");
      render(T.removed);
    });
  }

  function mount() {
    var spot = document.querySelector(".nxc-save-here");
    if (spot) { makePanel(spot); }
    var footer = document.querySelector(".bd-footer-article") || document.querySelector("footer");
    if (footer) { makePanel(footer, footer.firstChild); }
  }

  mount();
  if (!panels.length) { return; }
  render();
  readRecord().then(function (record) {
    state.record = record;
    if (record) { document.documentElement.setAttribute("data-nxc-saved", record.build); }
    render();
    // The size is shown before anything starts: the manifest is read once the panel is near
    // the screen (or at once, when saved, to see whether the book has been rebuilt).
    // The sizes file (a few hundred bytes) says the build and what a save downloads for this
    // screen; the manifest (every file of the book) is read only to save, or to update a saved
    // copy, or when the sizes file has no size for this screen.
    function sized() {
      return getSizes().then(function (sizes) {
        return sizeFor(sizes) || getManifest().then(plan);
      }).then(function (target) {
        state.target = target;
        render();
        if (state.record && state.record.build !== target.build && navigator.onLine !== false) {
          return registered.then(function () { return start(true); });
        }
      }).catch(function () { render(); });
    }
    if (navigator.onLine === false) { return; } // offline: nothing to size or update now
    if (record || !("IntersectionObserver" in window)) { return sized(); }
    var seen = false;
    var watch = new IntersectionObserver(function (entries) {
      if (seen || !entries.some(function (e) { return e.isIntersecting; })) { return; }
      seen = true;
      watch.disconnect();
      sized();
    }, { rootMargin: "300px" });
    panels.forEach(function (p) { watch.observe(p.box); });
  });
})();
