// Replaces the theme's 1.5 MB Font Awesome script (543 kB gzip on every page).
// That script only swaps each <i class="fa-..."> icon for an inline <svg>; the theme's
// stylesheet already draws the same icons from the Font Awesome web fonts, so the
// icons look the same without it. Sphinx copies files from html_static_path
// (book/_assets) over the theme's, so this file takes the script's place.
// Measured in benchmarks/RESULTS.md.
