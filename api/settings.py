"""Configuration, read from the environment once.

``Settings.from_env()`` is called by the command line and the app factory; everything else
receives the resulting ``Settings`` as an argument. Every variable starts with ``CAACGRAPH_``
except the Neo4j credentials, which keep the names Neo4j's own tools use.

| variable | default | meaning |
|---|---|---|
| CAACGRAPH_STORE | .caacgraph/graph.json.gz | a file path (embedded store) or bolt:// / neo4j:// URI |
| NEO4J_USER, NEO4J_PASSWORD | (none) | credentials for a Bolt store |
| CAACGRAPH_HOST, CAACGRAPH_PORT | 127.0.0.1, 8000 | where ``serve`` listens |
| CAACGRAPH_DEBUG | false | show unmasked errors and tracebacks in API answers |
| CAACGRAPH_INTROSPECTION | true | allow schema introspection |
| CAACGRAPH_SUGGESTIONS | true | "did you mean" field suggestions in validation errors |
| CAACGRAPH_CORS_ORIGINS | (none) | comma-separated origins allowed to call the API from a browser |
| CAACGRAPH_MAX_DEPTH | 12 | deepest query accepted |
| CAACGRAPH_MAX_ALIASES | 30 | most aliases in one query |
| CAACGRAPH_MAX_TOKENS | 2000 | most tokens in one query |
| CAACGRAPH_MAX_STRING | 500 | longest string argument (an id, a search text), in characters |
| CAACGRAPH_NODE_BUDGET | 5000 | most nodes one request may return (and items in a list variable) |
| CAACGRAPH_TIMEOUT | 10 | seconds one request may run |
| CAACGRAPH_MAX_BODY | 1000000 | bytes of one request body (413 beyond) |
| CAACGRAPH_HEADER_TIMEOUT | 10 | seconds a connection may take to send a request's headers |
| CAACGRAPH_BATCH_SIZE | 0 | rows per Bolt write batch (0: the server's own, 5,000 on Neo4j, 100 on FalkorDB) |
| CAACGRAPH_ANSWER_CACHE | 200000 | records of costly answers a worker keeps for the next page (0: none) |
| CAACGRAPH_RESPONSE_CACHE | 64 | megabytes of costly responses (JSON) a worker keeps for the same request (0: none) |
| CAACGRAPH_OPERATIONS | 0 | GraphQL operations a worker runs at once (0: 1 on the embedded store, 8 on Bolt) |
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from graph.errors import CaacgraphError

if TYPE_CHECKING:
    from graph.bolt import BoltOptions

DEFAULT_STORE = ".caacgraph/graph.json.gz"
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


@dataclass(frozen=True)
class Settings:
    """Every setting, with its default."""

    store: str = DEFAULT_STORE
    neo4j_user: str | None = None
    neo4j_password: str | None = field(default=None, repr=False)
    host: str = "127.0.0.1"
    port: int = 8000
    debug: bool = False
    introspection: bool = True
    suggestions: bool = True
    cors_origins: tuple[str, ...] = ()
    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 2000
    max_string: int = 500
    node_budget: int = 5000
    timeout: float = 10.0
    max_body: int = 1_000_000
    header_timeout: float = 10.0
    batch_size: int = 0  # 0: each Bolt server's own (graph/bolt/dialect.py)
    answer_cache: int = 200_000  # list items of costly answers kept for their next page (api/memo.py); 0: none
    response_cache: int = 64  # megabytes of JSON text of costly responses kept for the same request; 0: none
    operations: int = 0  # GraphQL operations a worker runs at once; 0: the store's own (api/app.py)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from ``environ`` (default: the process environment), checked."""
        env = os.environ if environ is None else environ
        base = cls()
        return cls(
            store=env.get("CAACGRAPH_STORE") or base.store,
            neo4j_user=env.get("NEO4J_USER") or None,
            neo4j_password=env.get("NEO4J_PASSWORD") or None,
            host=env.get("CAACGRAPH_HOST") or base.host,
            port=_int(env, "CAACGRAPH_PORT", base.port),
            debug=_bool(env, "CAACGRAPH_DEBUG", base.debug),
            introspection=_bool(env, "CAACGRAPH_INTROSPECTION", base.introspection),
            suggestions=_bool(env, "CAACGRAPH_SUGGESTIONS", base.suggestions),
            cors_origins=tuple(o.strip() for o in env.get("CAACGRAPH_CORS_ORIGINS", "").split(",") if o.strip()),
            max_depth=_int(env, "CAACGRAPH_MAX_DEPTH", base.max_depth),
            max_aliases=_int(env, "CAACGRAPH_MAX_ALIASES", base.max_aliases),
            max_tokens=_int(env, "CAACGRAPH_MAX_TOKENS", base.max_tokens),
            max_string=_int(env, "CAACGRAPH_MAX_STRING", base.max_string),
            node_budget=_int(env, "CAACGRAPH_NODE_BUDGET", base.node_budget),
            timeout=float(_int(env, "CAACGRAPH_TIMEOUT", int(base.timeout))),
            batch_size=_int(env, "CAACGRAPH_BATCH_SIZE", base.batch_size),
            answer_cache=_int(env, "CAACGRAPH_ANSWER_CACHE", base.answer_cache),
            response_cache=_int(env, "CAACGRAPH_RESPONSE_CACHE", base.response_cache),
            operations=_int(env, "CAACGRAPH_OPERATIONS", base.operations),
            max_body=_int(env, "CAACGRAPH_MAX_BODY", base.max_body),
            header_timeout=float(_int(env, "CAACGRAPH_HEADER_TIMEOUT", int(base.header_timeout))),
        )

    def bolt(self) -> BoltOptions:
        """What ``open_store`` needs to reach a Bolt server: the credentials, batch size and timeout."""
        from graph.bolt import BoltOptions

        return BoltOptions(
            user=self.neo4j_user, password=self.neo4j_password, batch_size=self.batch_size, timeout=self.timeout
        )

    def with_overrides(self, **changes: object) -> Settings:
        """A copy with the options given on the command line (``None`` leaves a setting alone)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})  # type: ignore[arg-type]


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise CaacgraphError(f"{name}={raw!r} is not a whole number", f"unset it or set it to e.g. {default}") from None


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None:
        return default
    if raw.lower() in _TRUE:
        return True
    if raw.lower() in _FALSE:
        return False
    raise CaacgraphError(f"{name}={raw!r} is not true or false", "set it to true or false")
