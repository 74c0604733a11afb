"""Hostile queries a public endpoint must refuse at parsing or validation, with what the refusal says."""

from __future__ import annotations

DEEP = '{ node(id: "coalition:cma") { ' + "... on Coalition { members { other { " * 10 + "id" + " } } }" * 10 + " } }"
ALIASES = "{ " + " ".join(f'a{i}: node(id: "coalition:cma") {{ id }}' for i in range(1000)) + " }"
ALIASES_40 = "{ " + " ".join(f"a{i}: kinds" for i in range(40)) + " }"
CYCLE = """
query { node(id: "coalition:cma") { ...A } }
fragment A on Node { relationships { nodes { other { ...B } } } }
fragment B on Node { relationships { nodes { other { ...A } } } }
"""
HUGE = "{ kinds " + "# " + "x" * 1_000_000 + "\n}"
TOKENS = "{ " + " ".join("kinds" for _ in range(5000)) + " }"

# name -> (query, words the refusal contains)
CORPUS: dict[str, tuple[str, str]] = {
    "deep": (DEEP, "exceeds maximum operation depth"),
    "thousand-aliases": (ALIASES, "more than 2000 tokens"),
    "forty-aliases": (ALIASES_40, "aliases found"),
    "fragment-cycle": (CYCLE, "Cannot spread fragment"),
    "one-megabyte": (HUGE, "syntax error"),
    "tokens": (TOKENS, "token"),
}
