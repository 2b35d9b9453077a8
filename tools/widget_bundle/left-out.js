// Stands in for the modules the book's widget bundle leaves out (build.mjs): the
// JupyterLab rendering stack of the Output widget. HTMLManager builds a registry at start;
// nothing in the book renders through it. A page that used an Output widget would fail
// here, loudly, and tests/test_site.py refuses such a page before that.
const LEFT_OUT = "the book's widget bundle leaves out the Output widget (tools/widget_bundle)";

export class RenderMimeRegistry {
  addFactory() {}
  createRenderer() {
    throw new Error(LEFT_OUT);
  }
}
export const standardRendererFactories = [];
export const WIDGET_MIMETYPE = "application/vnd.jupyter.widget-view+json";
export class WidgetRenderer {
  constructor() {
    throw new Error(LEFT_OUT);
  }
}
export class OutputModel {
  constructor() {
    throw new Error(LEFT_OUT);
  }
}
export class OutputView {
  constructor() {
    throw new Error(LEFT_OUT);
  }
}
