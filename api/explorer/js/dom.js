// Small helpers shared by the views: building elements, addresses of views, dates, sources.

/** An element: h("a", { href: "#/" }, "text", child, ...). Attributes named on* become listeners. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** The address of a view: route("actor", "coalition:cma", { at: "2012" }) -> "#/actor/coalition%3Acma?at=2012". */
export function route(name, id, params = {}) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "" && !(Array.isArray(value) && !value.length)) {
      search.set(key, Array.isArray(value) ? value.join(",") : value);
    }
  }
  const query = search.toString();
  return `#/${name}/${encodeURIComponent(id)}${query ? `?${query}` : ""}`;
}

/** The page a node opens on: commitments and documents have their own, every other kind the entity page. */
export function pageOf(node) {
  if (node.kind === "Commitment") return route("commitment", node.id);
  if (node.kind === "Document" || node.kind === "Resolution") return route("document", node.id);
  return route("actor", node.id);
}

export function nodeLink(node) {
  if (!node) return h("span", { class: "missing" }, "(not in the graph)");
  return h("a", { href: pageOf(node), class: `node kind-${node.kind}` }, node.name || node.id);
}

export function kindBadge(kind) {
  return h("span", { class: `badge kind-${kind}` }, kind);
}

/** "2017-03 – 2019", "since 2017", "until 2019" or "" for a fact's dates. */
export function dates(since, until) {
  if (since && until) return `${since} – ${until}`;
  if (since) return `since ${since}`;
  if (until) return `until ${until}`;
  return "";
}

// Partial dates are intervals: "2017" is 2017-01-01..2017-12-31, "2017-03" the month.
const first = (d) => (d + "-01-01").slice(0, 10);
const last = (d) => (d.length === 4 ? `${d}-12-31` : d.length === 7 ? `${d}-31` : d);

/** Whether a fact (since, until; null is open) holds at the partial date ``at``. */
export function holdsAt(since, until, at) {
  if (!at) return true;
  if (since && first(since) > last(at)) return false;
  if (until && last(until) < first(at)) return false;
  return true;
}

export const DATE_PATTERN = "^\\d{4}(-\\d{2}(-\\d{2})?)?$";

/** Paragraph locators in reading order: "2" < "5" < "5 (a)" < "5 (w)" < "10". */
export function byLocator(a, b) {
  const split = (s) => s.split(/(\d+)/).map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const x = split(a), y = split(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] === y[i]) continue;
    if (typeof x[i] === typeof y[i]) return x[i] < y[i] ? -1 : 1;
    return typeof x[i] === "number" ? -1 : 1;
  }
  return x.length - y.length;
}

/** The document page, opened at a paragraph with the quote marked. */
export function citedAt(source) {
  return route("document", source.document.id, { p: source.locator, q: source.quote });
}

/** One source: document (symbol, title, date), paragraph, quote, and a link to the paragraph. */
export function sourceItem(source, documentDates = {}) {
  const doc = source.document;
  const date = documentDates[doc.id];
  return h(
    "li",
    { class: "source" },
    h(
      "div",
      { class: "cite" },
      h("a", { href: citedAt(source), class: "doc" }, doc.symbol || doc.title || doc.id),
      doc.symbol && doc.title ? h("span", { class: "title" }, ` ${doc.title}`) : null,
      date ? h("span", { class: "date" }, ` (${date})`) : null,
      h("span", { class: "locator" }, ` ¶ ${source.locator}`),
    ),
    h("blockquote", {}, source.quote),
  );
}

export function sourceList(sources, documentDates = {}) {
  return h("ul", { class: "sources" }, sources.map((s) => sourceItem(s, documentDates)));
}

/** The dates of the documents sources cite (the schema's DocumentRef has no date). */
export async function documentDates(gql, sources) {
  const ids = [...new Set(sources.map((s) => s.document.id))].slice(0, 100);
  if (!ids.length) return {};
  const data = await gql(
    "query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Document { date } ... on Resolution { year } } }",
    { ids },
  );
  const found = {};
  for (const node of data.nodes) if (node) found[node.id] = node.date || (node.year ? String(node.year) : null);
  return found;
}

export function announce(text) {
  const el = document.getElementById("announce");
  if (el) el.textContent = text;
}

export function status(text, kind = "status") {
  return h("p", { class: kind, role: kind === "error" ? "alert" : null }, text);
}
