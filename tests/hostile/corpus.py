"""The hostile inputs every change runs through, made here rather than kept as files.

Each is small to write down and expensive to answer naively: queries whose fragments multiply,
strings past the Bolt message limit, bodies too large or not JSON, files that expand or nest without
bound. The tests beside this module assert the limits the code enforces on each.
"""

from __future__ import annotations


def spreading_fragments(levels: int = 9, spreads: int = 6, leaf: str = "id") -> str:
    """A query whose fragments each spread the next one ``spreads`` times, ``levels`` deep (about 600
    characters): expanded, it is ``spreads ** levels`` copies of ``leaf``."""
    body = " ".join(f"...F{1}" for _ in range(spreads))
    parts = ['{ node(id: "coalition:cma") { ...F0 } }', f"fragment F0 on Node {{ {body} }}"]
    for level in range(1, levels):
        body = " ".join(f"...F{level + 1}" for _ in range(spreads))
        parts.append(f"fragment F{level} on Node {{ {body} }}")
    parts.append(f"fragment F{levels} on Node {{ {leaf} }}")
    return "\n".join(parts)


LONG_ID = "x" * 4200
LONG_NODE = '{ node(id: "' + LONG_ID + '") { id } }'

# name -> (body, words the 400 answer contains): bodies no handler may answer with a 500.
BAD_BODIES: dict[str, tuple[bytes, str]] = {
    "not-utf8": (b'\xff\xfe{"query": "{ kinds }"}', "not JSON text in UTF-8"),
    "latin1": ('{"query": "{ search(text: \\"Azawad\\") { id } }", "x": "\xe9"}'.encode("latin-1"), "UTF-8"),
    "number": (b"5", "must be a JSON object"),
    "string": (b'"{ kinds }"', "must be a JSON object"),
    "null": (b"null", "must be a JSON object"),
    "nested-400k": (b"[" * 400_000 + b"]" * 400_000, "nested too deep"),
    "nested-variables": (
        b'{"query": "{ kinds }", "variables": {"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}}",
        "nested too deep",
    ),
    "query-number": (b'{"query": 5}', "must be a string"),
    "variables-list": (b'{"query": "{ kinds }", "variables": [1]}', "must be an object"),
}
