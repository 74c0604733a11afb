// The first view: what the explorer is, what the graph holds, and places to start.
import { gql } from "./api.js";
import { h, route } from "./dom.js";

const STARTS = [
  ["coalition:cma", "actor", "Coordination des mouvements de l'Azawad (CMA)", "a coalition, its members and commitments"],
  ["commitment:cma-action-plan-2017-03", "commitment", "CMA action plan, March 2017", "who signed it and whom it binds"],
  ["doc:s-ac-51-2018-1-rev-1", "document", "S/AC.51/2018/1/Rev.1", "Working Group conclusions on Mali, paragraph by paragraph"],
  ["coalition:cma", "graph", "The CMA's neighbourhood", "a drawing to expand, filter and date"],
];

export async function home() {
  const data = await gql("{ stats { name count } kinds }");
  const kinds = new Set(data.kinds);
  const counts = data.stats.filter((s) => kinds.has(s.name) && s.count > 0);
  const section = h(
    "section",
    { class: "home", dataset: { title: "explorer" } },
    h("h1", {}, "Actors in armed conflict, every fact cited to its paragraph"),
    h(
      "p",
      {},
      "Search for an actor above (names, acronyms, misspellings, ids such as ucdp:1158). Every fact opens to the ",
      "documents, paragraphs and words it was read from.",
    ),
    h("h2", {}, "Places to start"),
    h(
      "ul",
      { class: "starts" },
      STARTS.map(([id, view, label, what]) => h("li", {}, h("a", { href: route(view, id) }, label), ` — ${what}`)),
    ),
    h("h2", {}, "What the graph holds"),
    h("ul", { class: "counts" }, counts.map((c) => h("li", {}, h("strong", {}, c.count.toLocaleString("en")), ` ${c.name}`))),
  );
  return section;
}
