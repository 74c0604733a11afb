#!/usr/bin/env bash
# Fetch the explorer's and GraphiQL's browser builds from the npm registry into api/explorer/vendor/.
#
# Each package is taken with `npm pack` (the tarball the registry serves, no install scripts run),
# unpacked in a temporary folder, and only its built file(s) and licence are copied. The versions
# of GraphiQL, its explorer plugin and React are the ones strawberry's own GraphiQL page loads from
# unpkg (tests/test_explorer_assets.py checks the files against that page's integrity hashes).
# Run from the repository root: scripts/explorer_vendor.sh
set -euo pipefail

CYTOSCAPE=3.35.0
GRAPHIQL=3.8.3
PLUGIN_EXPLORER=1.0.2
REACT=18.2.0

vendor="$(pwd)/api/explorer/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

unpack() {  # unpack NAME@VERSION: the package's files under $work/<name>/package
    local dir="$work/${1%@*}"
    mkdir -p "$dir"
    (cd "$dir" && npm pack "$1" --silent >/dev/null && tar xzf ./*.tgz)
}

unpack "cytoscape@$CYTOSCAPE"
unpack "graphiql@$GRAPHIQL"
unpack "@graphiql/plugin-explorer@$PLUGIN_EXPLORER"
unpack "react@$REACT"
unpack "react-dom@$REACT"

rm -rf "$vendor"
mkdir -p "$vendor"/{cytoscape,graphiql,graphiql-plugin-explorer,react}
cp "$work/cytoscape/package/dist/cytoscape.min.js" "$work/cytoscape/package/LICENSE" "$vendor/cytoscape/"
cp "$work/graphiql/package/graphiql.min.js" "$work/graphiql/package/graphiql.min.css" \
   "$work/graphiql/package/LICENSE" "$vendor/graphiql/"
# The plugin's tarball has no LICENSE file: its package.json says MIT, and it comes from the same
# repository (github.com/graphql/graphiql) as graphiql, whose LICENSE is copied beside it.
cp "$work/@graphiql/plugin-explorer/package/dist/index.umd.js" "$work/@graphiql/plugin-explorer/package/dist/style.css" \
   "$vendor/graphiql-plugin-explorer/"
cp "$work/graphiql/package/LICENSE" "$vendor/graphiql-plugin-explorer/LICENSE"
cp "$work/react/package/umd/react.production.min.js" "$work/react/package/LICENSE" "$vendor/react/"
cp "$work/react-dom/package/umd/react-dom.production.min.js" "$vendor/react/"

# The files are byte for byte the registry's. Their source-map comments name .map files that are
# not shipped: a browser asks for those only while its developer tools are open.
(cd "$vendor" && find . -type f | sort | xargs ls -l)
