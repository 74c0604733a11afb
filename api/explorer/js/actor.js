// The entity page (actors and every kind without a page of its own): names, ids, and facts by relation.
import { FORMATS, SOURCE, exportUrl, gql } from "./api.js";
import { dates, documentDates, h, kindBadge, nodeLink, route, sourceList } from "./dom.js";

const QUERY = `query($id: ID!, $after: String) {
  node(id: $id) {
    id kind name aliases externalIds properties
    sources { ${SOURCE} }
    relationships(first: 100, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      nodes { type direction since until key properties other { id kind name } sources { ${SOURCE} } }
    }
  }
}`;
const MAX_PAGES = 10;

/** The node with every relationship (paged through, 100 at a time). */
async function load(id) {
  let after = null;
  let node = null;
  const facts = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const data = await gql(QUERY, { id, after });
    if (!data.node) throw new Error(`no node ${id} in the graph`);
    node = node || data.node;
    facts.push(...data.node.relationships.nodes);
    if (!data.node.relationships.pageInfo.hasNextPage) break;
    after = data.node.relationships.pageInfo.endCursor;
  }
  return { node, facts, total: node.relationships.totalCount };
}

const ARROW = { out: "→", in: "←" };
// Relations shown first on the page; every other follows in alphabetical order.
const FIRST = ["MEMBER_OF", "SIGNED", "ENDORSED", "ADOPTED", "RATIFIED", "BINDS", "LISTED_FOR", "AFFILIATED_WITH", "SPLINTER_OF", "RENAMED_TO", "OPERATES_IN"];

/** "MEMBER_OF →" for facts from this node, "MEMBER_OF ←" for facts pointing at it. */
function groupName(fact) {
  return `${fact.type} ${ARROW[fact.direction] || ""}`;
}

function factItem(fact, docDates) {
  const props = Object.entries(fact.properties || {}).map(([k, v]) => `${k}: ${v}`);
  const extra = props.slice(0, 3).join(", ") + (props.length > 3 ? ", …" : "");
  return h(
    "li",
    { class: "fact" },
    h(
      "details",
      { dataset: { other: fact.other?.id || "", type: fact.type } },
      h(
        "summary",
        {},
        fact.other ? kindBadge(fact.other.kind) : null,
        h("span", { class: "other" }, fact.other?.name || "(missing node)"),
        h("span", { class: "when" }, dates(fact.since, fact.until)),
        extra ? h("span", { class: "props" }, extra) : null,
        h("span", { class: "count" }, `${fact.sources.length} source${fact.sources.length === 1 ? "" : "s"}`),
      ),
      h("p", { class: "open" }, "Open ", nodeLink(fact.other)),
      sourceList(fact.sources, docDates),
    ),
  );
}

export function exportControl(params, label = "Export this view") {
  const select = h("select", { id: "export-format" }, FORMATS.map(([value, text]) => h("option", { value }, text)));
  const link = h("a", { class: "button", id: "export-link", href: exportUrl("json", params), download: "" }, "Download");
  select.addEventListener("change", () => link.setAttribute("href", exportUrl(select.value, params)));
  return h("div", { class: "export" }, h("label", { for: "export-format" }, label), select, link);
}

export async function actorPage(id) {
  const { node, facts, total } = await load(id);
  const docDates = await documentDates(gql, [...node.sources, ...facts.flatMap((f) => f.sources)]);
  const groups = new Map();
  for (const fact of facts) {
    const name = groupName(fact);
    if (!groups.has(name)) groups.set(name, []);
    groups.get(name).push(fact);
  }
  const rank = (name) => {
    const at = FIRST.indexOf(name.split(" ")[0]);
    return at < 0 ? FIRST.length : at;
  };
  const names = [...groups.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const props = Object.entries(node.properties || {}).filter(([, v]) => typeof v !== "object");
  return h(
    "article",
    { class: "page actor", dataset: { title: node.name } },
    h("p", { class: "kind" }, kindBadge(node.kind), h("code", {}, node.id)),
    h("h1", {}, node.name),
    h(
      "div",
      { class: "actions" },
      h("a", { class: "button", href: route("graph", node.id) }, "Graph view"),
      inDocument(node, facts),
      exportControl({ neighborhood: node.id, depth: 1 }, "Export its neighbourhood"),
    ),
    h(
      "dl",
      { class: "facts-about" },
      h("dt", {}, "Names"),
      h("dd", {}, h("ul", { class: "names" }, [node.name, ...node.aliases].map((n) => h("li", { lang: "" }, n)))),
      node.externalIds.length ? [h("dt", {}, "External ids"), h("dd", {}, node.externalIds.join(", "))] : null,
      props.map(([k, v]) => [h("dt", {}, k), h("dd", {}, String(v))]),
    ),
    node.sources.length
      ? h("details", { class: "node-sources" }, h("summary", {}, `Named in ${node.sources.length} source${node.sources.length === 1 ? "" : "s"}`), sourceList(node.sources, docDates))
      : null,
    h("h2", {}, `Facts (${total})`, facts.length < total ? ` — the first ${facts.length} shown` : ""),
    h("nav", { class: "toc", "aria-label": "Relations" }, names.map((n) => h("a", { href: `#/actor/${encodeURIComponent(node.id)}`, dataset: { group: n }, onclick: (e) => { e.preventDefault(); document.getElementById(slug(n)).scrollIntoView(); } }, `${n} (${groups.get(n).length})`))),
    names.map((name) =>
      h(
        "section",
        { class: "relation", id: slug(name), "aria-label": name },
        h("h3", {}, name, h("span", { class: "count" }, ` ${groups.get(name).length}`)),
        h("ul", { class: "facts" }, groups.get(name).map((f) => factItem(f, docDates))),
      ),
    ),
  );
}

/** A paragraph's link to its place in its document (a Statement is PART_OF one). */
function inDocument(node, facts) {
  const partOf = facts.find((f) => f.type === "PART_OF" && f.direction === "out" && f.other);
  if (node.kind !== "Statement" || !partOf) return null;
  return h("a", { class: "button", href: route("document", partOf.other.id, { p: node.properties?.locator }) }, "Read it in its document");
}

function slug(name) {
  return `rel-${name.replace("→", "out").replace("←", "in").replace(/[^A-Za-z_]+/g, "-")}`;
}
