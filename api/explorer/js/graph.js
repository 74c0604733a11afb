// The graph view: a neighbourhood drawn with Cytoscape.js, expanded by clicking, filtered by
// relation type and by date; the state (types, at, expanded nodes) is in the address.
import { SOURCE, gql } from "./api.js";
import { DATE_PATTERN, announce, dates, documentDates, h, holdsAt, kindBadge, nodeLink, route, sourceList } from "./dom.js";
import { exportControl } from "./actor.js";

export const COLOURS = {
  State: "#1f77b4", StateForce: "#6baed6", ArmedGroup: "#d62728", Coalition: "#ff7f0e", UNEntity: "#17becf",
  Organization: "#2ca02c", Person: "#9467bd", Commitment: "#e6ab02", Document: "#7f7f7f", Statement: "#c7c7c7",
  Resolution: "#8c564b", Region: "#98df8a", Event: "#e377c2", Violation: "#7b4173", Figure: "#bcbd22",
};
// Drawn unless the address says otherwise: the relations between parties, not every paragraph or conflict.
const DEFAULT_TYPES = [
  "MEMBER_OF", "SIGNED", "ENDORSED", "ADOPTED", "RATIFIED", "BINDS", "LISTED_FOR", "AFFILIATED_WITH",
  "SPLINTER_OF", "RENAMED_TO", "OPERATES_IN", "ALLIED_WITH", "REPRESENTS", "PARTY_TO",
];
const LIMIT = 200;

const QUERY = `query($id: ID!, $types: [String!], $limit: Int!) {
  neighborhood(id: $id, depth: 1, types: $types, limit: $limit) {
    truncated
    nodes { id kind name }
    edges { id source target type since until key sources { ${SOURCE} } }
  }
}`;

/** Relationship types the graph holds (stats lists kinds and types; kinds are the model's). */
async function relationTypes() {
  const data = await gql("{ stats { name count } kinds }");
  const kinds = new Set(data.kinds);
  return data.stats.filter((s) => !kinds.has(s.name) && s.count > 0).map((s) => s.name).sort();
}

function stateOf(id, params) {
  return {
    root: id,
    types: params.has("types") ? params.get("types").split(",").filter(Boolean) : null,
    at: params.get("at") || "",
    expanded: (params.get("expand") || "").split(",").filter(Boolean),
  };
}

function address(state) {
  return route("graph", state.root, { types: state.types, at: state.at, expand: state.expanded });
}

const STYLE = [
  { selector: "node", style: {
    label: "data(label)", "background-color": "data(colour)", color: "#222", "font-size": 10,
    "text-wrap": "ellipsis", "text-max-width": 130, "min-zoomed-font-size": 7, "text-valign": "bottom", "text-margin-y": 3, width: 22, height: 22,
  } },
  { selector: "node.root", style: { width: 34, height: 34, "border-width": 3, "border-color": "#222" } },
  { selector: "node.expanded", style: { "border-width": 2, "border-color": "#555" } },
  { selector: "edge", style: {
    width: 1.5, "line-color": "#999", "target-arrow-color": "#999", "target-arrow-shape": "triangle",
    "curve-style": "bezier", label: "data(type)", "font-size": 8, "min-zoomed-font-size": 7, color: "#555", "text-rotation": "autorotate",
    "text-background-color": "#fff", "text-background-opacity": 0.8, "text-background-padding": 1,
  } },
  { selector: "edge.undated", style: { "line-style": "dashed", "line-dash-pattern": [4, 3] } },
  { selector: ":selected", style: { "line-color": "#c00", "target-arrow-color": "#c00", "border-width": 3, "border-color": "#c00" } },
  { selector: ".hidden", style: { display: "none" } },
];

export async function graphView(id, params) {
  const state = stateOf(id, params);
  const [allTypes, rootData] = await Promise.all([
    relationTypes(),
    gql("query($id: ID!) { node(id: $id) { id kind name } }", { id }),
  ]);
  if (!rootData.node) throw new Error(`no node ${id} in the graph`);
  if (!state.types) state.types = allTypes.filter((t) => DEFAULT_TYPES.includes(t));

  const canvas = h("div", { id: "cy", class: "cy", role: "img", "aria-label": `Graph of the neighbourhood of ${rootData.node.name}` });
  const panel = h("aside", { class: "panel", id: "panel", "aria-label": "Selection", tabindex: "-1" },
    h("p", { class: "hint" }, "Click a node to expand it, an edge to read its source. The lists below the drawing do the same from the keyboard."));
  const summary = h("p", { class: "graph-summary", id: "graph-summary", "aria-live": "polite" });
  const lists = h("div", { class: "graph-lists" });
  const exportSlot = h("div", { class: "export-slot" });

  const typeBoxes = allTypes.map((t) =>
    h("label", { class: "type" }, h("input", { type: "checkbox", name: "type", value: t, checked: state.types.includes(t) }), ` ${t}`));
  const thisYear = new Date().getFullYear();
  const yearSlider = h("input", { id: "at-year", type: "range", min: 1990, max: thisYear, step: 1, value: state.at ? state.at.slice(0, 4) : thisYear });
  yearSlider.addEventListener("input", () => { atInput.value = yearSlider.value; applyDate(); });
  const atInput = h("input", { id: "at", name: "at", type: "text", inputmode: "numeric", pattern: DATE_PATTERN, value: state.at, placeholder: "YYYY[-MM[-DD]]", size: 11 });
  const controls = h(
    "form",
    { class: "graph-controls", id: "graph-controls", onsubmit: (e) => e.preventDefault() },
    h("div", { class: "at" },
      h("label", { for: "at" }, "As of"), atInput,
      h("label", { for: "at-year", class: "visually-hidden" }, "Year"), yearSlider,
      h("button", { type: "button", id: "at-clear", onclick: () => { atInput.value = ""; applyDate(); } }, "Any date")),
    h("fieldset", { class: "types" }, h("legend", {}, "Relation types"), typeBoxes),
    h("div", { class: "legend", "aria-label": "Colours by kind" },
      Object.entries(COLOURS).map(([k, c]) => h("span", { class: "swatch" }, h("i", { style: `background:${c}` }), k)),
      h("span", { class: "swatch" }, "dashed: a fact with no date, kept at every date")),
  );

  const view = h(
    "article",
    { class: "page graph", dataset: { title: `Graph of ${rootData.node.name}` } },
    h("h1", {}, "Neighbourhood of ", nodeLink(rootData.node)),
    controls,
    h("div", { class: "graph-main" }, h("div", { class: "graph-left" }, canvas, summary), panel),
    exportSlot,
    lists,
  );

  let cy = null; // made once the page is in the document (Cytoscape measures its container)
  const loaded = new Set();

  function syncAddress() {
    history.replaceState(null, "", address(state));
  }

  /** Fetch one node's neighbourhood and add what is new: nodes drawn before keep their place
   * (``saved`` positions after a redraw), new ones go in a ring around the node expanded. */
  async function expand(nodeId, { initial = false, saved = {} } = {}) {
    const asked = performance.now();
    const data = state.types.length
      ? (await gql(QUERY, { id: nodeId, types: state.types, limit: LIMIT })).neighborhood
      : { nodes: [rootData.node], edges: [], truncated: false };
    canvas.dataset.fetchMs = (performance.now() - asked).toFixed(0); // the API's share of the time
    loaded.add(nodeId);
    // One cy.add for everything new: element by element, Cytoscape restyles the drawing each time.
    const nodes = data.nodes.filter((n) => cy.getElementById(n.id).empty());
    const ends = new Set(data.nodes.map((n) => n.id));
    const edges = [
      ...new Map(
        data.edges // the API's relationship id is unique in the graph and the same in every answer
          .filter((e) => ends.has(e.source) && ends.has(e.target) && cy.getElementById(e.id).empty())
          .map((e) => [e.id, e]),
      ).values(),
    ];
    const added = cy.add([
      ...nodes.map((n) => ({ group: "nodes", data: { id: n.id, label: n.name, kind: n.kind, colour: COLOURS[n.kind] || "#444" }, position: saved[n.id] })),
      ...edges.map((e) => ({ group: "edges", data: { id: e.id, source: e.source, target: e.target, type: e.type, since: e.since, until: e.until, sources: e.sources } })),
    ]);
    const fresh = added.nodes().filter((n) => !saved[n.id()]).toArray();
    cy.getElementById(nodeId).addClass(nodeId === state.root ? "root" : "expanded");
    if (initial && !Object.keys(saved).length) {
      cy.layout({ name: "concentric", concentric: (n) => (n.id() === nodeId ? 2 : 1), levelWidth: () => 1, minNodeSpacing: 70, animate: false }).run();
    } else {
      place(cy.getElementById(nodeId), fresh);
    }
    applyDate();
    if (data.truncated) announce(`${nodeId}: only the first ${LIMIT} neighbours are drawn`);
    return data;
  }

  /** Draw the root and every expanded node again (after the types change), keeping positions. */
  async function drawAll() {
    canvas.dataset.ready = "false";
    const started = performance.now();
    const saved = Object.fromEntries(cy.nodes().map((n) => [n.id(), { ...n.position() }]));
    cy.elements().remove();
    loaded.clear();
    await expand(state.root, { initial: true, saved });
    for (const other of state.expanded) if (cy.getElementById(other).nonempty()) await expand(other, { saved });
    canvas.dataset.drawMs = (performance.now() - started).toFixed(0);
    if (!Object.keys(saved).length) fit();
    canvas.dataset.ready = "true";
  }

  let drawing = Promise.resolve();
  /** One redraw after another: a second change of types waits for the first drawing to end. */
  function redraw() {
    canvas.dataset.ready = "false";
    drawing = drawing.then(drawAll, drawAll);
    return drawing;
  }

  /** Fit the drawing in view, never closer than 1.2 (a few nodes would fill the canvas). */
  function fit() {
    cy.fit(cy.elements(":visible"), 30);
    if (cy.zoom() > 1.2) {
      cy.zoom(1.2);
      cy.center(cy.elements(":visible"));
    }
  }

  /** New nodes on an arc around ``centre``, facing away from the rest of the drawing (which stays). */
  function place(centre, fresh) {
    if (!fresh.length) return;
    const { x, y } = centre.position();
    const others = cy.nodes().difference(cy.collection(fresh));
    const mid = others.length > 1
      ? others.reduce((sum, n) => ({ x: sum.x + n.position("x") / others.length, y: sum.y + n.position("y") / others.length }), { x: 0, y: 0 })
      : { x: x - 1, y };
    const facing = Math.atan2(y - mid.y, x - mid.x);
    const span = Math.min(2 * Math.PI, 0.5 + fresh.length * 0.35);
    const radius = Math.max(150, (70 * fresh.length) / span);
    const whole = span >= 2 * Math.PI;
    fresh.forEach((node, i) => {
      const share = fresh.length === 1 ? 0.5 : whole ? i / fresh.length : i / (fresh.length - 1);
      const angle = facing - span / 2 + span * share;
      node.position({ x: x + radius * Math.cos(angle), y: y + radius * Math.sin(angle) });
    });
    fit();
  }

  /** Hide facts that do not hold at the date asked, and nodes left with no visible fact (the root stays). */
  function applyDate() {
    const at = atInput.value.trim();
    if (at && !new RegExp(DATE_PATTERN).test(at)) {
      atInput.setAttribute("aria-invalid", "true");
      return;
    }
    atInput.removeAttribute("aria-invalid");
    state.at = at;
    if (at) yearSlider.value = at.slice(0, 4);
    const nothingToDo = !at && cy.elements(".hidden, .undated").empty(); // no date, nothing hidden
    if (!nothingToDo) cy.batch(() => {
      cy.edges().forEach((e) => {
        e.toggleClass("hidden", !holdsAt(e.data("since"), e.data("until"), at));
        e.toggleClass("undated", Boolean(at) && !e.data("since") && !e.data("until"));
      });
      cy.nodes().forEach((n) => {
        const keep = loaded.has(n.id()) || n.connectedEdges(":visible").nonempty() || !at;
        n.toggleClass("hidden", !keep);
      });
    });
    syncAddress();
    redrawLists();
  }

  function showEdge(edge) {
    cy.elements().unselect();
    edge.select();
    const d = edge.data();
    const source = cy.getElementById(d.source).data();
    const target = cy.getElementById(d.target).data();
    const node = (x) => ({ id: x.id, kind: x.kind, name: x.label });
    panel.replaceChildren(
      h("h2", {}, d.type),
      h("p", { class: "edge-ends" }, nodeLink(node(source)), ` ${d.type} `, nodeLink(node(target))),
      h("p", { class: "when" }, dates(d.since, d.until) || "no dates given"),
      sourceList(d.sources),
    );
    documentDates(gql, d.sources).then((docDates) => {
      if (edge.selected()) panel.querySelector(".sources").replaceWith(sourceList(d.sources, docDates));
    });
    panel.focus({ preventScroll: true });
  }

  function showNode(node) {
    const d = node.data();
    panel.replaceChildren(
      h("h2", {}, kindBadge(d.kind), " ", d.label),
      h("p", {}, nodeLink({ id: d.id, kind: d.kind, name: "Open its page" })),
      h("p", {}, `${node.connectedEdges(":visible").length} facts drawn`, loaded.has(d.id) ? ", expanded" : ""),
    );
  }

  async function expandFromUser(node) {
    showNode(node);
    if (loaded.has(node.id())) return;
    if (!state.expanded.includes(node.id())) state.expanded.push(node.id());
    const started = performance.now();
    const data = await expand(node.id());
    canvas.dataset.expandMs = (performance.now() - started).toFixed(0);
    canvas.dataset.expandNodes = String(data.nodes.length);
    showNode(node);
    announce(`expanded ${node.data("label")}`);
  }


  // The lists of facts and nodes drawn (the keyboard's way into the drawing), filled when opened.
  const edgeList = h("details", { class: "edge-list" }, h("summary", {}), h("ul", {}));
  const nodeList = h("details", { class: "node-list" }, h("summary", {}), h("ul", {}));
  lists.replaceChildren(edgeList, nodeList);
  const label = (id) => cy.getElementById(id).data("label");

  function fillLists() {
    if (edgeList.open) {
      edgeList.querySelector("ul").replaceChildren(...cy.edges(":visible").map((e) =>
        h("li", {}, h("button", { type: "button", class: "link", dataset: { edge: e.id() }, onclick: () => showEdge(e) },
          `${label(e.data("source"))} ${e.data("type")} ${label(e.data("target"))}`),
          h("span", { class: "when" }, ` ${dates(e.data("since"), e.data("until"))}`))));
    }
    if (nodeList.open) {
      nodeList.querySelector("ul").replaceChildren(...cy.nodes(":visible").map((n) =>
        h("li", {}, kindBadge(n.data("kind")), " ", n.data("label"), " ",
          loaded.has(n.id()) ? h("span", { class: "when" }, "expanded") :
            h("button", { type: "button", class: "small", dataset: { expand: n.id() }, onclick: () => expandFromUser(n) }, "Expand"))));
    }
  }
  edgeList.addEventListener("toggle", fillLists);
  nodeList.addEventListener("toggle", fillLists);

  // An address holds a few hundred ids; a bigger drawing is exported as the root's neighbourhood.
  const MAX_IDS_CHARS = 6000;

  function redrawLists() {
    const edges = cy.edges(":visible");
    const nodes = cy.nodes(":visible");
    summary.textContent = `${nodes.length} nodes, ${edges.length} facts drawn${state.at ? ` as of ${state.at}` : ""}`;
    edgeList.querySelector("summary").textContent = `Facts drawn (${edges.length})`;
    nodeList.querySelector("summary").textContent = `Nodes drawn (${nodes.length})`;
    fillLists();
    const ids = nodes.map((n) => n.id());
    exportSlot.replaceChildren(
      ids.join(",").length <= MAX_IDS_CHARS
        ? exportControl({ ids }, `Export the ${ids.length} nodes drawn`)
        : exportControl({ neighborhood: state.root, depth: 1, types: state.types }, `Export the neighbourhood of ${rootData.node.name} (the drawing is too big to name in an address)`),
    );
  }

  atInput.addEventListener("change", applyDate);
  atInput.addEventListener("keydown", (e) => { if (e.key === "Enter") applyDate(); });
  for (const box of controls.querySelectorAll("input[name=type]")) {
    box.addEventListener("change", () => {
      state.types = [...controls.querySelectorAll("input[name=type]:checked")].map((b) => b.value);
      syncAddress();
      redraw();
    });
  }

  view.onShown = async () => {
    cy = cytoscape({ container: canvas, style: STYLE, minZoom: 0.1, maxZoom: 4 });
    window.caacgraphCy = cy; // for the browser tests and the curious: the drawing's state
    cy.on("tap", "node", (event) => expandFromUser(event.target));
    cy.on("tap", "edge", (event) => showEdge(event.target));
    await redraw();
  };
  return view;
}
