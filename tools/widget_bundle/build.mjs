// Builds the book's widget bundle into the folder given as the first argument:
//   embed.js                the bundle (its CSS injected as <style> when it runs, like the
//                           package's own dist/embed.js, so no stylesheet blocks first paint)
//   THIRD-PARTY-LICENSES.txt the licence of every npm package inside it
//   bundle-packages.json    name, version and licence of every package inside it
// Run through tools/vendor_js.py, which installs the pinned packages (npm ci) first.
import * as esbuild from "esbuild";
import { readFileSync, writeFileSync, readdirSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] || join(here, "dist"));
mkdirSync(out, { recursive: true });

// What the book never shows, and so leaves out (entry.js says why):
const EMPTY = /^@fortawesome\/fontawesome-free\/css\/|^@jupyter-widgets\/(base7|controls7)(\/|$)/;
const LEFT_OUT = /^@jupyterlab\/rendermime$|^\.\/output$|^\.\/output_renderers$/;

const leaveOut = {
  name: "leave-out",
  setup(build) {
    build.onResolve({ filter: EMPTY }, (a) => ({ path: a.path, namespace: "empty" }));
    build.onLoad({ filter: /.*/, namespace: "empty" }, () => ({ contents: "module.exports = {};", loader: "js" }));
    build.onResolve({ filter: LEFT_OUT }, () => ({ path: join(here, "left-out.js") }));
  },
};

// CSS imported by the packages: minified, then injected as a <style> element at run time.
const injectCss = {
  name: "inject-css",
  setup(build) {
    build.onLoad({ filter: /\.css$/ }, async (a) => {
      const css = await esbuild.build({
        entryPoints: [a.path], bundle: true, minify: true, write: false, logLevel: "silent",
        loader: { ".svg": "dataurl", ".png": "dataurl", ".gif": "dataurl", ".woff": "empty", ".woff2": "empty", ".ttf": "empty", ".eot": "empty" },
      });
      const text = css.outputFiles[0].text;
      return {
        contents: `const s = document.createElement("style"); s.textContent = ${JSON.stringify(text)};` +
          ` (document.head || document.documentElement).appendChild(s);`,
        loader: "js",
      };
    });
  },
};

const result = await esbuild.build({
  entryPoints: [join(here, "entry.js")],
  outfile: join(out, "embed.js"),
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2019"],
  legalComments: "none", // every licence is in THIRD-PARTY-LICENSES.txt instead
  banner: { js: "/*! The book's widget bundle; licences: THIRD-PARTY-LICENSES.txt */\nvar __webpack_public_path__ = '';" },
  define: { "process.env.NODE_ENV": '"production"' },
  plugins: [leaveOut, injectCss],
  metafile: true,
  logLevel: "warning",
});

// Which npm packages ended up inside, with their licences.
const packages = new Map(); // "name@version" -> package: one entry for copies in two places
const roots = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = input.match(/^(?:.*\/)?node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (!m) continue;
  const root = input.slice(0, input.lastIndexOf(m[0]) + m[0].length);
  if (roots.has(root)) continue;
  roots.add(root);
  const meta = JSON.parse(readFileSync(join(here, root, "package.json"), "utf8"));
  const licenceFile = readdirSync(join(here, root)).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  // The Jupyter widgets and Lumino packages ship their BSD-3-Clause licence only in their
  // source repositories: licenses/ keeps those texts.
  const scope = (meta.name.match(/^@(jupyter-widgets|lumino)\//) || [])[1];
  packages.set(`${meta.name}@${meta.version}`, {
    name: meta.name, version: meta.version,
    license: typeof meta.license === "string" ? meta.license : (meta.license && meta.license.type) || "see text",
    text: licenceFile ? readFileSync(join(here, root, licenceFile), "utf8").trim()
      : scope ? readFileSync(join(here, "licenses", `${scope}.txt`), "utf8").trim() : null,
  });
}
const unique = [...packages.values()].sort((a, b) => (a.name + a.version).localeCompare(b.name + b.version));
writeFileSync(join(out, "bundle-packages.json"),
  JSON.stringify(unique.map(({ name, version, license }) => ({ name, version, license })), null, 1) + "\n");
writeFileSync(join(out, "THIRD-PARTY-LICENSES.txt"),
  "The book's widget bundle (embed.js) contains these npm packages; each licence follows.\n\n" +
  unique.map((p) => `==== ${p.name} ${p.version} (${p.license})\n\n${p.text || "(the package ships no licence file; its package.json says: " + p.license + ")"}\n`).join("\n"));
const missing = unique.filter((p) => !p.text).map((p) => `${p.name}@${p.version}`);
console.log(`embed.js: ${unique.length} packages${missing.length ? `; no licence file in: ${missing.join(", ")}` : ""}`);
