// The document page: its paragraphs in order, each with the facts read from it; arriving from a
// fact (?p=LOCATOR&q=QUOTE) scrolls to that paragraph and marks the quote.
import { gqlAll } from "./api.js";
import { exportControl } from "./actor.js";
import { byLocator, dates, h, kindBadge, nodeLink } from "./dom.js";

const QUERY = `query($id: ID!, $after: String) {
  node(id: $id) {
    id kind name properties
    ... on Document { symbol title date statements { other { id ... on Statement { locator verb text } } } }
    ... on Resolution { number year }
  }
  documentFacts(document: $id, after: $after) {
    pageInfo { hasNextPage endCursor }
    paragraphs {
      locator
      facts { type since until source { id kind name } target { id kind name } sources { locator quote document { id } } }
    }
  }
}`;

/** ``text`` with ``quote`` marked: exactly, else ignoring how spaces and line breaks fall. */
function marked(text, quote) {
  if (!quote) return [text];
  let at = text.indexOf(quote);
  let length = quote.length;
  if (at < 0) {
    const pattern = quote.trim().split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("\\s*");
    const found = pattern ? new RegExp(pattern).exec(text) : null;
    if (!found) return null;
    at = found.index;
    length = found[0].length;
  }
  return [text.slice(0, at), h("mark", { class: "quote" }, text.slice(at, at + length)), text.slice(at + length)];
}

function paragraphId(locator) {
  return `para-${locator.replace(/[^A-Za-z0-9]+/g, "-")}`;
}

function factLine(fact, docId, locator) {
  const quotes = [...new Set(fact.sources.filter((s) => s.document.id === docId && s.locator === locator).map((s) => s.quote))];
  return h(
    "li",
    { class: "fact" },
    nodeLink(fact.source), h("span", { class: "arrow" }, ` —${fact.type}→ `), nodeLink(fact.target),
    h("span", { class: "when" }, dates(fact.since, fact.until)),
    quotes.map((q) => h("q", { class: "fact-quote" }, q)),
  );
}

export async function documentPage(id, params) {
  const data = await gqlAll(QUERY, { id }, "documentFacts", "paragraphs");
  const node = data.node;
  if (!node) throw new Error(`no node ${id} in the graph`);
  const wanted = params.get("p");
  const quote = params.get("q");
  const texts = new Map((node.statements || []).map((s) => [s.other.locator, s.other.text]).filter(([loc]) => loc));
  const facts = new Map(data.documentFacts.paragraphs.map((p) => [p.locator, p.facts]));
  const locators = [...new Set([...texts.keys(), ...facts.keys()])].sort(byLocator);
  let target = null;
  const paragraphs = locators.map((locator) => {
    const text = texts.get(locator);
    const here = locator === wanted;
    const withMark = here && text ? marked(text, quote) : null;
    const section = h(
      "section",
      { class: `paragraph${here ? " cited" : ""}`, id: paragraphId(locator), dataset: { locator }, "aria-label": `paragraph ${locator}` },
      h("h3", { class: "locator" }, `¶ ${locator}`),
      text ? h("p", { class: "text" }, withMark || text) : h("p", { class: "text none" }, "(the text of this paragraph is not in the graph)"),
      here && quote && !withMark ? h("p", { class: "text" }, "Cited words: ", h("mark", { class: "quote" }, quote)) : null,
      (facts.get(locator) || []).length
        ? h("details", { class: "paragraph-facts" },
            h("summary", {}, `${facts.get(locator).length} fact${facts.get(locator).length === 1 ? "" : "s"} read from this paragraph`),
            h("ul", { class: "facts" }, facts.get(locator).map((f) => factLine(f, node.id, locator))))
        : null,
    );
    if (here) target = section;
    return section;
  });
  const title = node.title || node.name;
  const page = h(
    "article",
    { class: "page document", dataset: { title: node.symbol || title } },
    h("p", { class: "kind" }, kindBadge(node.kind), h("code", {}, node.id)),
    h("h1", {}, title),
    h("p", { class: "meta" }, [node.symbol, node.date || node.year].filter(Boolean).join(" · ")),
    h("div", { class: "actions" }, exportControl({ query: "documentFacts", document: node.id }, "Export the facts read from it")),
    wanted && !target ? h("p", { class: "error", role: "alert" }, `This document has no paragraph ${wanted} in the graph.`) : null,
    h("p", { class: "hint" }, `${locators.length} paragraphs; ${data.documentFacts.paragraphs.reduce((n, p) => n + p.facts.length, 0)} facts read from them.`),
    paragraphs,
  );
  page.onShown = () => {
    if (target) {
      target.setAttribute("tabindex", "-1");
      target.scrollIntoView({ block: "start" });
      target.focus({ preventScroll: true });
    } else document.getElementById("view").focus({ preventScroll: true });
  };
  return page;
}
