// The explorer's router: every view is an address (#/actor/ID, #/graph/ID?at=..., ...).
import { gql } from "./api.js";
import { h, pageOf, status } from "./dom.js";
import { home } from "./home.js";
import { actorPage } from "./actor.js";
import { graphView } from "./graph.js";
import { commitmentPage } from "./commitment.js";
import { documentPage } from "./document.js";
import { setupSearch } from "./search.js";

const VIEWS = { actor: actorPage, graph: graphView, commitment: commitmentPage, document: documentPage };

/** The view an address names: { name, id, params }. */
export function parse(hash) {
  const [path, query = ""] = hash.replace(/^#\/?/, "").split(/\?(.*)/s);
  const [name = "", ...rest] = path.split("/");
  return { name, id: decodeURIComponent(rest.join("/")), params: new URLSearchParams(query) };
}

let current = 0;

async function render() {
  const view = document.getElementById("view");
  const { name, id, params } = parse(location.hash);
  const turn = ++current;
  let content;
  try {
    if (name === "node" && id) {
      const data = await gql("query($id: ID!) { node(id: $id) { id kind } }", { id });
      if (!data.node) throw new Error(`no node ${id} in the graph`);
      location.replace(pageOf(data.node));
      return;
    }
    const make = VIEWS[name] && id ? VIEWS[name] : home;
    view.replaceChildren(status("Loading…"));
    content = await make(id, params);
  } catch (error) {
    content = h("section", {}, h("h1", {}, "Something went wrong"), status(error.message, "error"));
  }
  if (turn !== current) return; // a newer address arrived while this one loaded
  view.replaceChildren(content);
  document.title = `${content.dataset?.title || "explorer"} · caacgraph`;
  view.dataset.view = name || "home";
  if (content.onShown) content.onShown();
  else view.focus({ preventScroll: true });
}

window.addEventListener("hashchange", render);
setupSearch(document.getElementById("search"), document.getElementById("search-results"));
document.getElementById("skip").addEventListener("click", (event) => {
  event.preventDefault(); // the fragment is the view's address: move the focus, not the address
  document.getElementById("view").focus();
});
render();
