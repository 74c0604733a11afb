// The public API, and nothing else: POST /graphql and links to GET /export.

/** Run a GraphQL query; resolve to its data, or throw with the errors' messages. */
export async function gql(query, variables = {}) {
  const response = await fetch("graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json().catch(() => ({ errors: [{ message: `HTTP ${response.status}` }] }));
  if (body.errors && body.errors.length) {
    const messages = body.errors.map((e) => e.message + (e.extensions?.suggestion ? ` (${e.extensions.suggestion})` : ""));
    throw new Error(messages.join("; "));
  }
  return body.data;
}

/** Run a query whose ``field`` pages its ``list`` (it takes ``$after`` and asks for ``pageInfo``), and
 *  gather every page into the first answer. */
export async function gqlAll(query, variables, field, list) {
  const data = await gql(query, variables);
  let page = data[field];
  while (page && page.pageInfo && page.pageInfo.hasNextPage) {
    page = (await gql(query, { ...variables, after: page.pageInfo.endCursor }))[field];
    data[field][list].push(...page[list]);
  }
  return data;
}

export const FORMATS = [
  ["json", "JSON (node-link)"],
  ["graphml", "GraphML"],
  ["gexf", "GEXF"],
  ["cytoscape", "Cytoscape JSON"],
  ["csv", "CSV (edges)"],
];

/** The /export address of a subgraph: params are ids, neighborhood/depth/types or query/args. */
export function exportUrl(format, params) {
  const search = new URLSearchParams({ format });
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") search.set(key, Array.isArray(value) ? value.join(",") : value);
  }
  return `export?${search.toString()}`;
}

/** The fields every source is shown with. */
export const SOURCE = "locator quote method document { id symbol title }";
