"""The explorer's and GraphiQL's files, served by the app itself: every file a page names is there,
no page names another host, and the GraphiQL builds are the very files strawberry's page would load
from unpkg (same integrity hashes). The browser tests are in test_explorer_browser.py."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
import strawberry

from api.app import create_app
from api.settings import Settings
from api.web import ASSETS
from tests.fixtures_graph import fixture_store
from tests.test_api_http import request

# src="..." and href="..." in a page, and import ... from "..." in a module.
REFERENCE = re.compile(r'(?:src|href)="([^"#][^"]*)"|from "(\.[^"]+)"')


def references(page: Path) -> list[str]:
    return [a or b for a, b in REFERENCE.findall(page.read_text(encoding="utf-8"))]


def test_the_explorer_is_served_at_the_root() -> None:
    app = create_app(Settings(), fixture_store())
    response = request(app, "GET", "/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "<title>caacgraph explorer</title>" in response.text


def test_every_file_the_pages_name_is_served() -> None:
    app = create_app(Settings(), fixture_store())
    named = [f"/{ref}" for ref in references(ASSETS / "index.html") if not ref.startswith(("data:", "graphql"))]
    named += [f"/{ref}" for ref in references(ASSETS / "graphiql.html") if not ref.startswith("data:")]
    named += [f"/explorer/js/{ref[2:]}" for js in (ASSETS / "js").glob("*.js") for ref in references(js)]
    assert "/explorer/vendor/cytoscape/cytoscape.min.js" in named
    assert "/explorer/js/graph.js" in named
    for url in named:
        assert request(app, "GET", url).status_code == 200, url


def test_no_page_or_script_of_ours_names_another_host() -> None:
    ours = [ASSETS / "index.html", ASSETS / "graphiql.html", ASSETS / "explorer.css", *(ASSETS / "js").glob("*.js")]
    for path in ours:
        assert not re.search(r"""["'(]\s*(https?:)?//""", path.read_text(encoding="utf-8")), path


def test_graphiql_in_a_browser_is_our_page_not_the_cdn_one() -> None:
    app = create_app(Settings(), fixture_store())
    response = request(app, "GET", "/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert "explorer/vendor/graphiql/graphiql.min.js" in response.text
    assert "unpkg.com" not in response.text


def _integrity(page: str) -> dict[str, tuple[str, str]]:
    """File name -> (address, sha384 integrity hash) of each script and stylesheet a page loads."""
    found = re.findall(r'(?:src|href)="([^"]+)"\s+integrity="(sha384-[^"]+)"', page)
    return {url.rsplit("/", 1)[-1]: (url, digest) for url, digest in found}


def test_graphiql_files_match_the_integrity_hashes_of_our_page() -> None:
    ours = _integrity((ASSETS / "graphiql.html").read_text(encoding="utf-8"))
    assert set(ours) == {
        "react.production.min.js",
        "react-dom.production.min.js",
        "graphiql.min.js",
        "graphiql.min.css",
        "style.css",
        "index.umd.js",
    }
    for url, digest in ours.values():
        path = ASSETS.parent / url
        assert "sha384-" + base64.b64encode(hashlib.sha384(path.read_bytes()).digest()).decode() == digest, path


def test_graphiql_files_are_the_builds_strawberry_loads_from_the_cdn() -> None:
    strawberry_page = (Path(strawberry.__file__).parent / "static" / "graphiql.html").read_text(encoding="utf-8")
    if "graphiql@3.8.3/" not in strawberry_page or "plugin-explorer@1.0.2/" not in strawberry_page:
        pytest.skip("this strawberry loads another GraphiQL: run scripts/explorer_vendor.sh with its versions")
    theirs = _integrity(strawberry_page)
    for name, (_, digest) in _integrity((ASSETS / "graphiql.html").read_text(encoding="utf-8")).items():
        assert theirs[name][1] == digest, name


def test_every_vendored_package_ships_its_licence() -> None:
    for folder in (ASSETS / "vendor").iterdir():
        if folder.is_dir():
            assert "Permission is hereby granted" in (folder / "LICENSE").read_text(encoding="utf-8"), folder
    notice = (ASSETS / "vendor" / "README.md").read_text(encoding="utf-8")
    assert "3.35.0" in notice and "npm" in notice
