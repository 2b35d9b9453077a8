// Build-time maths for the book: TeX in, SVG (with hidden MathML for screen readers) out.
// Run by book/_ext/prerender_math.py as one process for the whole build. Protocol: one JSON
// object per line on stdin, {"tex": "...", "display": true|false}; one JSON line per request
// on stdout, {"html": "<mjx-container ...>"} or {"error": "..."}. The first line written is
// {"css": "..."}: the style sheet the output needs (written once into the site).
"use strict";
const readline = require("readline");
const { mathjax } = require("mathjax-full/js/mathjax.js");
const { TeX } = require("mathjax-full/js/input/tex.js");
const { SVG } = require("mathjax-full/js/output/svg.js");
const { liteAdaptor } = require("mathjax-full/js/adaptors/liteAdaptor.js");
const { RegisterHTMLHandler } = require("mathjax-full/js/handlers/html.js");
const { AssistiveMmlHandler } = require("mathjax-full/js/a11y/assistive-mml.js");
require("mathjax-full/js/input/tex/base/BaseConfiguration.js");
require("mathjax-full/js/input/tex/ams/AmsConfiguration.js");
require("mathjax-full/js/input/tex/newcommand/NewcommandConfiguration.js");
require("mathjax-full/js/input/tex/boldsymbol/BoldsymbolConfiguration.js");
require("mathjax-full/js/input/tex/mhchem/MhchemConfiguration.js");

const adaptor = liteAdaptor();
AssistiveMmlHandler(RegisterHTMLHandler(adaptor));
const tex = new TeX({
  // the packages of MathJax's tex-chtml component that the book can use; an unknown macro
  // or a syntax error is an error of the build, not red text on the page
  packages: ["base", "ams", "newcommand", "boldsymbol", "mhchem"],
  formatError: (jax, error) => { throw error; },
});
// fontCache "none": every glyph is a path in its own <svg>, so no formula refers to another
// by id (the same formula may appear twice on a page, and the output is cached per formula).
const svg = new SVG({ fontCache: "none" });
const html = mathjax.document("", { InputJax: tex, OutputJax: svg });

process.stdout.write(JSON.stringify({ css: adaptor.textContent(svg.styleSheet(html)) }) + "\n");
const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on("line", (line) => {
  if (!line.trim()) { return; }
  let answer;
  try {
    const request = JSON.parse(line);
    const node = html.convert(request.tex, { display: !!request.display, em: 16, ex: 8, containerWidth: 80 * 16 });
    answer = { html: adaptor.outerHTML(node) };
  } catch (error) {
    answer = { error: String((error && error.message) || error) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
});
