// Search as you type: the API's searchHits (any name, acronym, accents ignored, small typos).
import { gql } from "./api.js";
import { h, kindBadge, pageOf } from "./dom.js";

const QUERY = `query($text: String!) {
  searchHits(text: $text, limit: 12) { node { id kind name } matched how }
}`;

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
    try {
      hits = (await gql(QUERY, { text })).searchHits;
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
            : h("li", { class: "none" }, `nothing named like “${text}”`),
        ),
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
  input.addEventListener("blur", () => setTimeout(close, 150));
  input.addEventListener("focus", () => { if (list.children.length && input.value.trim().length >= 2) list.hidden = false; });
}
