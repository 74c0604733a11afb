"""Validation rules bounding a query's shape, each in one pass over the document.

Depth and aliases are measured on the query as executed, where every fragment spread stands for
the fragment's whole selection: a fragment spread ten times counts its aliases ten times. Walking
each spread again (strawberry's ``QueryDepthLimiter`` and ``MaxAliasesLimiter`` do) costs the
product of the spreads: nine levels of fragments spreading five others each, a 650-character query,
held the event loop for minutes. Here each fragment is measured once and its figure reused, so
the work is linear in the document; the counts, as Python integers, may be as large as they get.

String values are bounded too: a literal (``node(id: "...")``) longer than ``max_string``
characters is refused before any resolver sends it to a store (a Bolt message over about 4 KB
crashes FalkorDB). Variables are checked by ``check_variables``, since rules see only the document.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FloatValueNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    ValidationContext,
    ValidationRule,
    Visitor,
    visit,
)
from graphql.validation import ASTValidationRule

MAX_NUMBER_CHARS = 32


@dataclass(frozen=True)
class Shape:
    """How deep a selection goes (fields below it that have selections) and how many aliases it holds."""

    depth: int = 0
    aliases: int = 0


class Measure:
    """Measures selection sets, each fragment once (a fragment in a cycle counts as empty here:
    graphql-core's ``NoFragmentCycles`` refuses the document anyway)."""

    def __init__(self, document: DocumentNode) -> None:
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self.done: dict[str, Shape] = {}
        self.open: set[str] = set()

    def selections(self, selection_set: SelectionSetNode | None) -> Shape:
        depth = aliases = 0
        for selection in selection_set.selections if selection_set else ():
            shape = self.selection(selection)
            depth, aliases = max(depth, shape.depth), aliases + shape.aliases
        return Shape(depth, aliases)

    def selection(self, node: Any) -> Shape:
        if isinstance(node, FieldNode):
            inner = self.selections(node.selection_set)
            alias = 1 if node.alias else 0
            if node.name.value.startswith("__") or not node.selection_set:
                return Shape(0, inner.aliases + alias)
            return Shape(inner.depth + 1, inner.aliases + alias)
        if isinstance(node, InlineFragmentNode):
            return self.selections(node.selection_set)
        if isinstance(node, FragmentSpreadNode):
            return self.fragment(node.name.value)
        return Shape()

    def fragment(self, name: str) -> Shape:
        if name in self.done:
            return self.done[name]
        definition = self.fragments.get(name)
        if definition is None or name in self.open:
            return Shape()
        self.open.add(name)
        shape = self.selections(definition.selection_set)
        self.open.discard(name)
        self.done[name] = shape
        return shape


def shape_rule(max_depth: int, max_aliases: int) -> type[ASTValidationRule]:
    """A rule refusing operations deeper than ``max_depth`` or a document with more than ``max_aliases``."""

    class ShapeRule(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            measure = Measure(context.document)
            aliases = 0
            for definition in context.document.definitions:
                if not isinstance(definition, OperationDefinitionNode):
                    continue
                shape = measure.selections(definition.selection_set)
                aliases += shape.aliases
                if shape.depth > max_depth:
                    name = definition.name.value if definition.name else "anonymous"
                    context.report_error(
                        GraphQLError(f"'{name}' exceeds maximum operation depth of {max_depth}", [definition])
                    )
            if aliases > max_aliases:
                context.report_error(GraphQLError(f"{aliases} aliases found. Allowed: {max_aliases}"))

    return ShapeRule


def string_rule(max_string: int) -> type[ASTValidationRule]:
    """A rule refusing any string literal longer than ``max_string`` characters."""

    class StringRule(ValidationRule):
        def enter_string_value(self, node: StringValueNode, *_args: Any) -> None:
            if len(node.value) > max_string:
                self.report_error(GraphQLError(too_long(len(node.value), max_string), [node]))

    return StringRule


def long_numbers(document: DocumentNode) -> list[GraphQLError]:
    """Number literals longer than ``MAX_NUMBER_CHARS``, refused before validation: graphql-core's own
    rules read them with ``int()``, which fails past 4,300 digits (an "Unexpected error")."""
    errors: list[GraphQLError] = []

    class Numbers(Visitor):
        def enter_int_value(self, node: IntValueNode, *_args: Any) -> None:
            self.check(node)

        def enter_float_value(self, node: FloatValueNode, *_args: Any) -> None:
            self.check(node)

        def check(self, node: IntValueNode | FloatValueNode) -> None:
            if len(node.value) > MAX_NUMBER_CHARS:
                message = f"a number of {len(node.value)} characters is longer than the {MAX_NUMBER_CHARS} accepted"
                errors.append(GraphQLError(message, [node]))

    visit(document, Numbers())
    return errors


def too_long(length: int, limit: int) -> str:
    """The refusal of a string of ``length`` characters."""
    return (
        f"a string argument of {length} characters is longer than the {limit} accepted "
        "(ids and search text are short; CAACGRAPH_MAX_STRING raises the limit)"
    )


def check_variables(variables: Mapping[str, Any] | None, max_string: int, max_items: int) -> list[GraphQLError]:
    """Errors for variable values too long: strings over ``max_string`` characters, lists over ``max_items``.

    Walked with a stack, not recursion, so a value nested thousands deep is no deeper to check."""
    stack: list[tuple[str, Any]] = list((variables or {}).items())
    while stack:
        name, value = stack.pop()
        if isinstance(value, str) and len(value) > max_string:
            return [GraphQLError(f"variable ${name}: {too_long(len(value), max_string)}")]
        if isinstance(value, list):
            if len(value) > max_items:
                return [
                    GraphQLError(
                        f"variable ${name}: a list of {len(value)} items is longer than the {max_items} accepted "
                        "(CAACGRAPH_NODE_BUDGET)"
                    )
                ]
            stack.extend((name, item) for item in value)
        elif isinstance(value, Mapping):
            stack.extend((name, item) for item in value.values())
    return []
