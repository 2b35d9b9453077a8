// The book's service worker (book/_ext/offline.py writes it to the site root as nxc-sw.js,
// with the build's id in place of __NXC_BUILD__). Nothing here talks to another origin.
//
//  * Every page a reader opens, with its style sheet, scripts and the figure frames it shows,
//    is kept in the cache "nxc-visited" as it arrives (the page script nxc-offline.js adds
//    what the first visit fetched before this worker controlled the page).
//  * Pages are asked of the network first (a rebuilt book shows at once) and read from the
//    cache when the network fails; frames (_frames/<sha256>.png) and versioned assets
//    (_static/...?v=<hash>) never change, so the cache answers them first.
//  * "Save this course for offline" (nxc-offline.js) fills the cache "nxc-saved" from the
//    build's manifest, nxc-offline.json; this worker reads both caches.
//  * A page opened offline that is in neither cache gets a small offline page that links to
//    the pages that are.
"use strict";

var BUILD = "__NXC_BUILD__";
var VISITED = "nxc-visited";
var SAVED = "nxc-saved";
var KEPT = [VISITED, SAVED];
var ROOT = new URL("./", self.location.href);

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("nxc-") === 0 && KEPT.indexOf(name) < 0;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

// A page's cache key: its address without query or fragment.
function pageKey(url) {
  return url.origin + url.pathname;
}

function isPage(request, url) {
  return request.mode === "navigate" || /\.html$|\/$/.test(url.pathname);
}

function immutable(url) {
  var path = url.pathname.slice(ROOT.pathname.length);
  return path.indexOf("_frames/") === 0 || (path.indexOf("_static/") === 0 && /[?&]v=/.test(url.search));
}

function keep(key, response) {
  if (!response || !response.ok || response.type !== "basic") { return; }
  var copy = response.clone();
  caches.open(VISITED).then(function (cache) { return cache.put(key, copy); }).catch(function () {});
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
  });
}

// The saved pages (both caches), as [{url, title, lang}], in the order of their addresses.
function savedPages() {
  var seen = {};
  var pages = [];
  return Promise.all(KEPT.map(function (name) {
    return caches.open(name).then(function (cache) {
      return cache.keys().then(function (requests) {
        return Promise.all(requests.map(function (request) {
          var url = new URL(request.url);
          if (!/\.html$/.test(url.pathname) || seen[url.pathname]) { return null; }
          seen[url.pathname] = true;
          return cache.match(request).then(function (response) { return response.text(); }).then(function (text) {
            if (/http-equiv="refresh"/.test(text)) { return; } // the site's redirect page
            var title = (text.match(/<title>([^<]*)<\/title>/) || [])[1] || url.pathname;
            var lang = (text.match(/<html[^>]*\slang="([^"]+)"/) || [])[1] || "en";
            title = title.replace(/&#8212;|&mdash;/g, "\u2014").split(" \u2014 ")[0]; // without the book's name
            pages.push({ url: url.pathname, title: title, lang: lang });
          });
        }));
      });
    });
  })).then(function () {
    pages.sort(function (a, b) { return a.url < b.url ? -1 : 1; });
    return pages;
  });
}

var WORDS = {
  en: {
    title: "You are offline",
    lead: "This page was not saved on this device, and the network cannot be reached.",
    saved: "These pages of the course are saved here and open without a network:",
    none: "No page of the course is saved on this device yet. Pages you open while online are kept; the button \u201cSave this course for offline\u201d keeps them all.",
    notice: "Educational use only: this course explains how a medicine works. It is not medical advice. Talk to a clinician about any treatment."
  },
  it: {
    title: "Sei offline",
    lead: "Questa pagina non \u00e8 salvata su questo dispositivo e la rete non \u00e8 raggiungibile.",
    saved: "Queste pagine del corso sono salvate qui e si aprono senza rete:",
    none: "Nessuna pagina del corso \u00e8 ancora salvata su questo dispositivo. Le pagine aperte online vengono conservate; il pulsante \u00abSalva il corso per la lettura offline\u00bb le conserva tutte.",
    notice: "Solo a scopo didattico: questo corso spiega come agisce un farmaco. Non \u00e8 un consiglio medico. Per qualsiasi terapia rivolgiti a un medico."
  }
};

function offlinePage(url) {
  var lang = url.pathname.slice(ROOT.pathname.length).indexOf("it/") === 0 ? "it" : "en";
  var words = WORDS[lang];
  return savedPages().then(function (pages) {
    var list = pages.filter(function (p) { return p.lang === lang; });
    if (!list.length) { list = pages; }
    var items = list.map(function (p) {
      return "<li><a href=\"" + escapeHtml(p.url) + "\">" + escapeHtml(p.title) + "</a></li>";
    }).join("");
    var body = list.length ? "<p>" + words.saved + "</p><ul class=\"nxc-saved-pages\">" + items + "</ul>"
                           : "<p>" + words.none + "</p>";
    var html = "<!DOCTYPE html><html lang=\"" + lang + "\"><head><meta charset=\"utf-8\">" +
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">" +
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
      "<title>" + words.title + "</title><style>" +
      "body{font:1.05rem/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;background:#fff}" +
      "a{color:#0b5394}li{margin:.4rem 0}.nxc-notice{border-left:4px solid #b45309;padding:.5rem 1rem;background:#fff7ed}" +
      "@media (prefers-color-scheme: dark){body{color:#e6e6e6;background:#121212}a{color:#8ab4f8}.nxc-notice{background:#2a2016}}" +
      "</style></head><body><main id=\"nxc-offline\"><h1>" + words.title + "</h1><p>" + words.lead + "</p>" + body +
      "<p class=\"nxc-notice\">" + words.notice + "</p></main></body></html>";
    return new Response(html, {
      status: 503,
      statusText: "Offline",
      headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" }
    });
  });
}

function fromCache(key, options) {
  return caches.match(key, options);
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.headers.get("x-nxc-save")) { return; } // the page script's own downloads
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.indexOf(ROOT.pathname) !== 0) { return; }
  if (url.pathname === ROOT.pathname + "nxc-sw.js") { return; }
  if (isPage(request, url)) {
    var key = pageKey(url);
    event.respondWith(
      fetch(request).then(function (response) {
        keep(key, response);
        return response;
      }).catch(function () {
        return fromCache(key, { ignoreSearch: true }).then(function (hit) {
          return hit || offlinePage(url);
        });
      })
    );
    return;
  }
  if (immutable(url)) {
    event.respondWith(
      fromCache(request).then(function (hit) {
        return hit || fetch(request).then(function (response) {
          keep(request.url, response);
          return response;
        });
      })
    );
    return;
  }
  // Anything else of the book's (the manifest and sizes, the search index, images): the network,
  // else what is kept.
  event.respondWith(
    fetch(request).then(function (response) {
      // the manifest and its sizes file are read fresh (a reader who saves wants this build's)
      if (url.pathname !== ROOT.pathname + "nxc-offline.json" &&
          url.pathname !== ROOT.pathname + "nxc-offline-size.json") { keep(request.url, response); }
      return response;
    }).catch(function () {
      return fromCache(request).then(function (hit) {
        return hit || fromCache(request.url, { ignoreSearch: true }).then(function (any) {
          return any || Response.error();
        });
      });
    })
  );
});

// The page script's messages: {keep: [urls]} (what a first visit fetched before this worker
// controlled the page: kept unless already kept), and "nxc-build" (this worker's build).
self.addEventListener("message", function (event) {
  var data = event.data;
  if (data === "nxc-build" && event.ports && event.ports[0]) {
    event.ports[0].postMessage(BUILD);
    return;
  }
  if (data && Array.isArray(data.keep)) {
    event.waitUntil(caches.open(VISITED).then(function (cache) {
      return Promise.all(data.keep.map(function (href) {
        var url = new URL(href, self.location.href);
        if (url.origin !== self.location.origin) { return null; }
        var key = isPage({ mode: "" }, url) ? pageKey(url) : url.href;
        return caches.match(key).then(function (hit) {
          return hit || fetch(key).then(function (response) {
            return response.ok ? cache.put(key, response) : null;
          });
        }).catch(function () { return null; });
      }));
    }));
  }
});
