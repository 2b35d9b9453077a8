// Firefox ESR (Debian's firefox-esr) over WebDriver BiDi with puppeteer-core: every figure
// on the given pages of the served book: loads, its script starts, every control moves its
// frame (keyboard for sliders, a click for buttons, a choice in a list), no page error.
// Usage: node tools/engines/firefox.mjs http://127.0.0.1:PORT book/a book/b ...  -> JSON on stdout
import { readFileSync } from "node:fs";
import puppeteer from "puppeteer-core";

const [base, ...pages] = process.argv.slice(2);
const helpers = readFileSync(new URL("./figures.js", import.meta.url), "utf8");
const state = () => page.evaluate(helpers + "\nfiguresState()");
let page;

const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath: process.env.FIREFOX || "/usr/bin/firefox-esr",
  headless: true,
  protocol: "webDriverBiDi",
  extraPrefsFirefox: {
    "network.proxy.type": 0,
    "browser.safebrowsing.malware.enabled": false,
    "browser.safebrowsing.phishing.enabled": false,
    "app.update.enabled": false,
    "datareporting.policy.dataSubmissionEnabled": false,
    "toolkit.telemetry.enabled": false,
  },
});
const version = await browser.version();
const results = [];
async function until(test, ms = 5000) {
  const end = Date.now() + ms;
  for (;;) {
    const figs = await state();
    if (test(figs)) { return figs; }
    if (Date.now() > end) { return figs; }
    await new Promise((r) => setTimeout(r, 50));
  }
}
try {
  for (const path of pages) {
    page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    const errors = [];
    page.on("pageerror", (e) => errors.push("page error: " + e.message));
    page.on("console", (m) => { if (m.type() === "error") { errors.push("console error: " + m.text()); } });
    await page.goto(`${base}/${path}.html`, { waitUntil: "load" });
    let figs = await until((f) => f.length && f.every((x) => x.ready && x.complete));
    const record = { page: path, figures: figs.length, ready: figs.every((x) => x.ready), moves: [], errors };
    for (let f = 0; f < figs.length; f++) {
      for (let c = 0; c < figs[f].controls.length; c++) {
        const before = (await state())[f];
        const control = before.controls[c];
        const target = control.index === control.count - 1 ? control.index - 1 : control.index + 1;
        const boxes = await page.$$(".nxc-explorer");
        const handles = await boxes[f].$$("[data-nxc-axis]");
        const el = handles[c];
        if (control.kind === "slider") {
          await el.focus();
          await page.keyboard.press(target < control.index ? "ArrowLeft" : "ArrowRight");
        } else if (control.kind === "buttons") {
          const options = await el.$$(".nxc-option");
          await options[target].click();
        } else if (control.kind === "toggle") {
          await el.click();
        } else {
          await el.select(String(target));
        }
        figs = await until((x) => x[f].controls[c].index === target && x[f].alt === x[f].expected && x[f].src !== before.src);
        const after = figs[f];
        record.moves.push({
          figure: after.id, control: control.name, kind: control.kind,
          moved: after.controls[c].index === target,
          frame_changed: after.src !== before.src && after.alt !== before.alt,
          frame_right: after.alt === after.expected && after.caption === before.caption && after.caption !== after.alt,
        });
      }
    }
    // compare: pin the first figure's view, move its first control, then unpin
    const compare = (f) => page.evaluate(helpers + `\ncompareState(${f})`);
    const firstBox = (await page.$$(".nxc-explorer"))[0];
    const before = await compare(0);
    await (await firstBox.$(".nxc-pin")).click();
    let pinned = await compare(0);
    for (const end = Date.now() + 5000; !pinned.pinned && Date.now() < end; pinned = await compare(0)) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const ctl = figs[0].controls[0];
    const step = ctl.index === ctl.count - 1 ? ctl.index - 1 : ctl.index + 1;
    const el = (await firstBox.$$("[data-nxc-axis]"))[0];
    if (ctl.kind === "slider") { await el.focus(); await page.keyboard.press(step < ctl.index ? "ArrowLeft" : "ArrowRight"); }
    else if (ctl.kind === "buttons") { await (await el.$$(".nxc-option"))[step].click(); }
    else if (ctl.kind === "toggle") { await el.click(); }
    else { await el.select(String(step)); }
    let moved = await compare(0);
    for (const end = Date.now() + 5000; (moved.shown === pinned.shown || !moved.hash.includes("pin.")) && Date.now() < end; moved = await compare(0)) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await (await firstBox.$(".nxc-unpin")).click();
    const unpinned = await compare(0);
    record.compare = {
      pinned_is_view: pinned.pinned === before.shown, kept: moved.pinned === before.shown,
      moved: moved.shown !== before.shown, readout: moved.readout.startsWith("Pinned "),
      pressed: moved.pressed === "true", hash: moved.hash.includes("pin."), unpinned: unpinned.pinned === "",
    };
    record.resources = await page.evaluate(
      "performance.getEntriesByType('resource').map(e => e.name).filter(u => !u.startsWith(location.origin))");
    results.push(record);
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify({ browser: version, results }));
