// The book's widget bundle (built by build.mjs; see README.md beside this file).
// The engine is @jupyter-widgets/html-manager's own HTMLManager and renderWidgets, as in
// the package's dist/embed.js, with two differences:
//  * the widgets render as soon as the page's HTML is parsed (this script is deferred),
//    not at the window's load event, which waits for every image and font;
//  * the bundle leaves out what the book never shows (see build.mjs): ipywidgets 7
//    models, the Output widget and its JupyterLab rendering stack, Font Awesome.
import { HTMLManager } from "@jupyter-widgets/html-manager/lib/htmlmanager";
import { renderWidgets } from "@jupyter-widgets/html-manager/lib/libembed";

function start() {
  renderWidgets(() => new HTMLManager()).catch((error) => console.error("widgets:", error));
}

if (!window._jupyter_widget_embedder) {
  window._jupyter_widget_embedder = true;
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}
