// The commitment page: who signed it, whom it binds, and who is bound through which membership.
import { SOURCE, gql, gqlAll } from "./api.js";
import { exportControl } from "./actor.js";
import { dates, documentDates, h, kindBadge, nodeLink, route, sourceList } from "./dom.js";
import { COLOURS } from "./graph.js";

const QUERY = `query($id: ID!, $at: String, $after: String) {
  node(id: $id) {
    id kind name aliases
    ... on Commitment {
      category date
      signatories { type since until other { id kind name } sources { ${SOURCE} } }
      binds { type since until properties other { id kind name } sources { ${SOURCE} } }
    }
  }
  boundBy(commitment: $id, at: $at, after: $after) {
    at
    pageInfo { hasNextPage endCursor }
    bound {
      actor { id kind name }
      via { id kind name }
      since
      chain { type since until source { id kind name } target { id kind name } sources { ${SOURCE} } }
    }
  }
}`;

/** One step of a chain: source -TYPE-> target, opening to its sources. */
function step(fact, docDates) {
  return h(
    "li",
    { class: "step" },
    h(
      "details",
      {},
      h("summary", {}, nodeLink(fact.source), h("span", { class: "arrow" }, ` —${fact.type}→ `), nodeLink(fact.target),
        h("span", { class: "when" }, dates(fact.since, fact.until))),
      sourceList(fact.sources, docDates),
    ),
  );
}

function relationList(relations, docDates, empty) {
  if (!relations.length) return h("p", { class: "none" }, empty);
  return h(
    "ul",
    { class: "facts" },
    relations.map((r) =>
      h("li", { class: "fact" },
        h("details", {},
          h("summary", {}, kindBadge(r.other.kind), h("span", { class: "other" }, r.other.name), ` ${r.type}`,
            r.properties?.scope ? h("span", { class: "props" }, `scope: ${r.properties.scope}`) : null,
            h("span", { class: "when" }, dates(r.since, r.until))),
          h("p", { class: "open" }, "Open ", nodeLink(r.other)),
          sourceList(r.sources, docDates))),
    ),
  );
}

/** The chains drawn: the commitment, the parties bound and the facts between them. */
function chainDrawing(commitment, bound) {
  const canvas = h("div", { class: "cy chain-drawing", id: "chain-drawing", role: "img", "aria-label": "The chains of facts, drawn" });
  canvas.draw = () => {
    const nodes = new Map([[commitment.id, commitment]]);
    const edges = new Map();
    for (const fact of bound.flatMap((b) => b.chain)) {
      nodes.set(fact.source.id, fact.source);
      nodes.set(fact.target.id, fact.target);
      edges.set(`${fact.source.id}>${fact.target.id}>${fact.type}`, fact);
    }
    cytoscape({
      container: canvas,
      style: [
        { selector: "node", style: { label: "data(label)", "background-color": "data(colour)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 3, "text-wrap": "ellipsis", "text-max-width": 180, width: 22, height: 22 } },
        { selector: "edge", style: { width: 1.5, "line-color": "#999", "target-arrow-color": "#999", "target-arrow-shape": "triangle", "curve-style": "bezier", label: "data(type)", "font-size": 9, color: "#444", "text-rotation": "autorotate", "text-background-color": "#fff", "text-background-opacity": 0.8 } },
      ],
      elements: [
        ...[...nodes.values()].map((n) => ({ data: { id: n.id, label: n.name, colour: COLOURS[n.kind] || "#444" } })),
        ...[...edges.entries()].map(([key, f]) => ({ data: { id: key, source: f.source.id, target: f.target.id, type: f.type } })),
      ],
      layout: { name: "breadthfirst", directed: false, roots: [commitment.id], spacingFactor: 1.1, padding: 20 },
      userZoomingEnabled: false,
      maxZoom: 1.3,
    });
  };
  return canvas;
}

export async function commitmentPage(id, params) {
  const at = params.get("at") || null;
  const data = await gqlAll(QUERY, { id, at }, "boundBy", "bound");
  const node = data.node;
  if (!node) throw new Error(`no node ${id} in the graph`);
  const bound = data.boundBy.bound;
  const all = [
    ...(node.signatories || []), ...(node.binds || []),
    ...bound.flatMap((b) => b.chain),
  ].flatMap((f) => f.sources);
  const docDates = await documentDates(gql, all);
  const drawing = bound.length ? chainDrawing(node, bound) : null;
  const page = h(
    "article",
    { class: "page commitment", dataset: { title: node.name } },
    h("p", { class: "kind" }, kindBadge(node.kind), h("code", {}, node.id)),
    h("h1", {}, node.name),
    h("p", {}, [node.category && `Category: ${node.category}`, node.date && `dated ${node.date}`].filter(Boolean).join(", ")),
    h("div", { class: "actions" },
      h("a", { class: "button", href: route("actor", node.id) }, "All its facts"),
      h("a", { class: "button", href: route("graph", node.id, { types: ["SIGNED", "ENDORSED", "ADOPTED", "RATIFIED", "BINDS", "MEMBER_OF"] }) }, "Graph view"),
      exportControl({ query: "boundBy", commitment: node.id }, "Export who is bound")),
    h("h2", {}, "Signed by"),
    relationList(node.signatories || [], docDates, "No signature recorded."),
    h("h2", {}, "Binds"),
    relationList(node.binds || [], docDates, "No party named as bound."),
    h("h2", { id: "bound" }, `Bound parties${data.boundBy.at ? ` as of ${data.boundBy.at}` : ""}`),
    h("p", { class: "hint" }, "A party is bound directly, or as a member of a bound party when the commitment binds all members; each chain is the facts that make it so."),
    bound.length
      ? h(
          "table",
          { class: "bound" },
          h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Party"), h("th", { scope: "col" }, "Through"), h("th", { scope: "col" }, "Since"), h("th", { scope: "col" }, "Chain of facts"))),
          h("tbody", {}, bound.map((b) =>
            h("tr", { dataset: { actor: b.actor.id } },
              h("th", { scope: "row" }, nodeLink(b.actor)),
              h("td", {}, b.via ? nodeLink(b.via) : "directly"),
              h("td", {}, b.since || ""),
              h("td", {}, h("ol", { class: "chain" }, b.chain.map((f) => step(f, docDates))))))),
        )
      : h("p", { class: "none" }, "Nobody is bound at this date."),
    drawing ? [h("h3", {}, "The chains, drawn"), drawing] : null,
  );
  page.onShown = () => {
    if (drawing) drawing.draw();
    document.getElementById("view").focus({ preventScroll: true });
  };
  return page;
}
