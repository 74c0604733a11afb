// Search as you type: the API's searchHits (any name, acronym, accents ignored, small typos), then the
// paragraphs that say the words (searchText), each opening its document at that paragraph.
import { gql } from "./api.js";
import { h, kindBadge, pageOf, route } from "./dom.js";

const QUERY = `query($text: String!) {
  searchHits(text: $text, limit: 12) { node { id kind name } matched how }
  searchText(text: $text, limit: 5) { document { id kind name } locator text highlights }
}`;

/** The words of a paragraph around the first words found, those words marked (a phrase as one mark). */
function snippet(hit) {
  const [first] = hit.highlights;
  if (!first) return hit.text.slice(0, 120);
  let end = first[1];
  for (const [start, stop] of hit.highlights.slice(1)) {
    if (/^\s+$/.test(hit.text.slice(end, start))) end = stop;
    else break;
  }
  const from = Math.max(0, first[0] - 50);
  const to = Math.min(hit.text.length, end + 70);
  return [from ? "…" : "", hit.text.slice(from, first[0]), h("mark", {}, hit.text.slice(first[0], end)),
    hit.text.slice(end, to), to < hit.text.length ? "…" : ""];
}

function paragraphOption(hit, index) {
  const href = route("document", hit.document.id, { p: hit.locator });
  return h(
    "li",
    {
      role: "option",
      id: `text-${index}`,
      class: "paragraph-hit",
      "aria-selected": "false",
      dataset: { href, id: hit.document.id },
      onmousedown: (event) => { event.preventDefault(); event.currentTarget.dispatchEvent(new CustomEvent("pick", { bubbles: true })); },
    },
    kindBadge("Paragraph"),
    h("span", { class: "name" }, `${hit.document.name}, ${hit.locator}`),
    h("span", { class: "matched" }, " ", ...snippet(hit)),
  );
}

/** Wire the search box: results under it, arrow keys to move, Enter to open, Escape to close. */
export function setupSearch(input, list) {
  let asked = 0;
  let timer = null;
  let active = -1;

  const options = () => [...list.querySelectorAll("[role=option]")];
  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const highlight = (index) => {
    const all = options();
    if (!all.length) return;
    active = (index + all.length) % all.length;
    all.forEach((el, i) => el.setAttribute("aria-selected", String(i === active)));
    input.setAttribute("aria-activedescendant", all[active].id);
    all[active].scrollIntoView({ block: "nearest" });
  };
  const open = (el) => {
    location.hash = el.dataset.href;
    close();
    input.blur();
  };

  async function run() {
    const text = input.value.trim();
    const turn = ++asked;
    if (text.length < 2) return close();
    let hits;
    let said = [];
    try {
      const data = await gql(QUERY, { text });
      hits = data.searchHits.filter((hit) => hit.how !== "text"); // paragraphs come from searchText below
      said = data.searchText.filter((hit) => hit.document);
    } catch (error) {
      hits = null;
      list.replaceChildren(h("li", { class: "error" }, error.message));
    }
    if (turn !== asked) return; // the user typed on: a newer answer is coming
    if (hits) {
      list.replaceChildren(
        ...(hits.length ? hits : [null]).map((hit, i) =>
          hit
            ? h(
                "li",
                {
                  role: "option",
                  id: `hit-${i}`,
                  "aria-selected": "false",
                  dataset: { href: pageOf(hit.node), id: hit.node.id },
                  onmousedown: (event) => { event.preventDefault(); open(event.currentTarget); },
                },
                kindBadge(hit.node.kind),
                h("span", { class: "name" }, hit.node.name),
                hit.matched !== hit.node.name ? h("span", { class: "matched" }, ` ${hit.how}: ${hit.matched}`) : null,
              )
            : h("li", { class: "none" }, `nothing named like “${text}”${said.length ? "; said in these paragraphs:" : ""}`),
        ),
        ...said.map(paragraphOption),
      );
    }
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    active = -1;
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
    else if (event.key === "Escape") close();
    else if (event.key === "Enter") {
      const all = options();
      if (all.length) { event.preventDefault(); open(all[Math.max(active, 0)]); }
    }
  });
  list.addEventListener("pick", (event) => open(event.target.closest("[role=option]")));
  input.addEventListener("blur", () => setTimeout(close, 150));
  input.addEventListener("focus", () => { if (list.children.length && input.value.trim().length >= 2) list.hidden = false; });
}
