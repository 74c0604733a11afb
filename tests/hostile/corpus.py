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
    "variable-5000-digits": (b'{"query": "{ kinds }", "variables": {"n": ' + b"9" * 5000 + b"}}", "4300 digits"),
    "variables-list": (b'{"query": "{ kinds }", "variables": [1]}', "must be an object"),
}


def alias_bomb(levels: int = 9) -> str:
    """A YAML graph file of about 540 bytes whose aliases expand to 9 ** ``levels`` strings."""
    lines = ['a0: &a0 ["xxxxxxxxxxxxxxxxxxxxxxxx", "xxxxxxxxxxxxxxxxxxxxxxxxx"]']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    lines.append(f'nodes:\n  - {{id: "group:bomb", kind: ArmedGroup, name: Bomb, blob: *a{levels}}}')
    return "\n".join(lines) + "\n"


NODE = '{id: "group:x", kind: ArmedGroup, name: X'
TABLE = "id,name\ngroup:x,X\n"
MAPPING = 'data: t.csv\nnodes:\n  - {id: "{id}", kind: ArmedGroup, name: "{name}"}\nsources: {document: "doc:x"}\n'

# name -> (files to write: name -> text, the file to load, words the one-line error contains)
BAD_FILES: dict[str, tuple[dict[str, str], str, str]] = {
    "json-nested-million": ({"deep.json": "[" * 1_000_000 + "]" * 1_000_000}, "deep.json", "nested deeper"),
    "yaml-nested-100k": ({"deep.yaml": "[" * 100_000 + "]" * 100_000}, "deep.yaml", "nested deeper than 64 levels"),
    "json-5000-digits": (
        {"big.json": '{"nodes": [{"id": "group:x", "kind": "ArmedGroup", "name": "X", "n": ' + "9" * 5000 + "}]}"},
        "big.json",
        "4300 digits",
    ),
    "yaml-5000-digits": ({"big.yaml": f"nodes:\n  - {NODE}, n: {'9' * 5000}}}\n"}, "big.yaml", "4300 digits"),
    "mapping-priority-1e308": (
        {"t.csv": TABLE, "t.mapping.yaml": "priority: 1e308\n" + MAPPING},
        "t.mapping.yaml",
        "priority '1e308' is not a whole number",
    ),
    "graph-priority-inf": ({"p.yaml": f"priority: .inf\nnodes:\n  - {NODE}}}\n"}, "p.yaml", "priority inf"),
    "node-priority-huge": ({"p.yaml": f"nodes:\n  - {NODE}, priority: {'9' * 30}}}\n"}, "p.yaml", "priority"),
    "alias-bomb": ({"bomb.yaml": alias_bomb()}, "bomb.yaml", "over the limit of 10000"),
    "long-property": (
        {"long.yaml": f"nodes:\n  - {NODE}, note: {'y' * 100_001}}}\n"},
        "long.yaml",
        "100001 characters",
    ),
    "mapping-data-absolute": (
        {"t.mapping.yaml": MAPPING.replace("data: t.csv", "data: /etc/hostname")},
        "t.mapping.yaml",
        "outside the mapping's folder",
    ),
    "mapping-data-parent": (
        {"t.mapping.yaml": MAPPING.replace("data: t.csv", "data: ../../t.csv")},
        "t.mapping.yaml",
        "outside the mapping's folder",
    ),
}
