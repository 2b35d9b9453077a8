// The book's widget bundle (built by build.mjs; see the header of tools/vendor_js.py).
// The engine is @jupyter-widgets/html-manager's own HTMLManager; this file does what the
// package's dist/embed.js (lib/libembed.js) does, with three differences:
//  * the widgets render as soon as this deferred script runs (the page's HTML is parsed),
//    not at the window's load event, which waits for every image and font;
//  * the widget state is not checked against its JSON schema in the learner's browser:
//    ajv compiles schemas with `new Function`, which would need 'unsafe-eval' in the
//    pages' Content-Security-Policy. tests/test_site.py checks every page's state and
//    views against the same schemas (@jupyter-widgets/schema v2) when the book is built;
//  * the bundle leaves out what the book never shows (build.mjs): ipywidgets 7 models,
//    the Output widget and its JupyterLab rendering stack, Font Awesome.
import "@lumino/widgets/style/index.css";
import { HTMLManager } from "@jupyter-widgets/html-manager/lib/htmlmanager";

const STATE = 'script[type="application/vnd.jupyter.widget-state+json"]';
const VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]';

async function renderManager(element, widgetState) {
  const manager = new HTMLManager();
  const models = await manager.set_state(widgetState);
  await Promise.all(
    Array.from(element.querySelectorAll(VIEW)).map(async (viewTag) => {
      const { model_id: modelId } = JSON.parse(viewTag.innerHTML);
      const model = models.find((item) => item.model_id === modelId);
      if (model === undefined || viewTag.parentElement === null) {
        return;
      }
      const widgetTag = document.createElement("div");
      widgetTag.className = "widget-subarea";
      viewTag.parentElement.insertBefore(widgetTag, viewTag);
      const view = await manager.create_view(model);
      manager.display_view(view, widgetTag);
    }),
  );
}

function start() {
  const element = document.documentElement;
  Promise.all(
    Array.from(element.querySelectorAll(STATE)).map((tag) => renderManager(element, JSON.parse(tag.innerHTML))),
  ).catch((error) => console.error("widgets:", error));
}

if (!window._jupyter_widget_embedder) {
  window._jupyter_widget_embedder = true;
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}
