// Accessibility fixes for the theme's own controls (pydata-sphinx-theme 0.17 via
// sphinx-book-theme 1.3), found by the axe-core audit in tests/test_accessibility.py.
// Registered on every page with html_js_files in _config.yml.
(function () {
  "use strict";
  function fix() {
    // 1. Search buttons: aria-label "Search" hides the visible shortcut text "Ctrl+K"
    //    (axe: label-content-name-mismatch). Name those from their visible text instead.
    //    The icon-only search button in the header has no text: it keeps its aria-label,
    //    its only name once Bootstrap's tooltip has taken its title away.
    document.querySelectorAll(".search-button__button[aria-label]").forEach(function (button) {
      button.setAttribute("aria-keyshortcuts", "Control+K");
      if (button.textContent.trim()) { button.removeAttribute("aria-label"); }
    });
    // 2. Colour-mode button: its name "Color mode" does not contain the visible icon
    //    titles (axe: label-content-name-mismatch). The icons are decoration; hide them
    //    from assistive technology and keep the button's own name.
    document.querySelectorAll(".theme-switch-button").forEach(function (button) {
      button.querySelectorAll("i, svg, span").forEach(function (icon) {
        icon.setAttribute("aria-hidden", "true");
        icon.removeAttribute("title");
      });
    });
    // 3. Table of contents: the <summary> that opens a chapter's sections holds only a
    //    chevron icon (axe: summary-name). Name it after the chapter.
    document.querySelectorAll(".bd-sidenav details > summary").forEach(function (summary) {
      if (summary.getAttribute("aria-label")) { return; }
      var link = summary.parentElement.parentElement.querySelector(":scope > a");
      var title = link ? link.textContent.trim() : "this chapter";
      summary.setAttribute("aria-label", "Sections of " + title);
    });
    // 4. Bibliography (docutils markup): entries carry role="doc-biblioentry", which
    //    ARIA 1.2 deprecates; inside role="list" they must be list items
    //    (axe: aria-required-children, critical; aria-deprecated-role).
    document.querySelectorAll("[role='list'] > [role='doc-biblioentry']").forEach(function (entry) {
      entry.setAttribute("role", "listitem");
    });
    // 5. Icon-font glyphs are decoration next to a visible or ARIA label.
    document.querySelectorAll("i[class*='fa-']:not([aria-hidden])").forEach(function (icon) {
      icon.setAttribute("aria-hidden", "true");
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fix);
  } else {
    fix();
  }
})();
