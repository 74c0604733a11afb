"""Strawberry's execution, with the plain scalar fields of a page read without graphql-core's per-field steps.

A page of 100 members or facts is 1,000-2,000 fields, and most are scalars a record holds as an
attribute (``id``, ``name``, ``date``, ``locator``). For each, graphql-core makes a path, builds a
resolve-info object, calls strawberry's resolver (three calls deep, to end in ``getattr``), checks
whether the result is awaitable and then completes it: about 10 µs a field, most of a hub page's
time. ``Executor`` reads such a field as ``getattr`` and the scalar's ``serialize``, which is what
those steps come to, and hands every other field (with a resolver, arguments, an object or list
type, ``__typename``), and any value that is null or fails to serialize, to graphql-core, so
errors and their paths are graphql-core's own.

Which fields qualify is decided once per object type: strawberry's basic fields (no resolver, no
field extensions or permission classes: ``StrawberryField.is_basic_field``) that read with the
default ``getattr`` and whose type is a scalar or an enum. A schema with an extension that wraps
every resolver (graphql-core middleware: tracing, counting) has every field run by graphql-core.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, NamedTuple
from weakref import WeakKeyDictionary

from graphql import GraphQLObjectType, is_leaf_type, is_non_null_type
from graphql.execution.collect_fields import GroupedFieldSet
from graphql.pyutils import Path, Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter


class Leaf(NamedTuple):
    """How a plain scalar field is read: the record's attribute, the scalar's output coercion, and
    whether it may be null."""

    attribute: str
    coerce: Callable[[Any], Any]
    nullable: bool


_FAILED = object()
# Each object type's plain fields, worked out on its first object: a schema's types live as long as it does.
_PLANS: WeakKeyDictionary[GraphQLObjectType, dict[str, Leaf]] = WeakKeyDictionary()


def plain_leaves(parent: GraphQLObjectType) -> dict[str, Leaf]:
    """The fields of ``parent`` that read an attribute and serialize a scalar, by GraphQL name."""
    plan = _PLANS.get(parent)
    if plan is None:
        plan = {}
        for name, field in parent.fields.items():
            definition = (field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
            kind = field.type.of_type if is_non_null_type(field.type) else field.type
            if definition is None or not getattr(field.resolve, "_is_default", False):
                continue
            if definition.is_basic_field and definition.default_resolver is getattr and is_leaf_type(kind):
                plan[name] = Leaf(definition.python_name, kind.coerce_output_value, not is_non_null_type(field.type))
        _PLANS[parent] = plan
    return plan


class Executor(StrawberryGraphQLCoreExecutionContext):
    """graphql-core's executor as strawberry sets it up, with plain scalar fields read directly."""

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: GroupedFieldSet,
        position_context: Any,
    ) -> Any:
        if self.middleware_manager is not None and self.middleware_manager._middleware_resolvers:
            return super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)
        plan = plain_leaves(parent_type)
        read: dict[str, Any] = {}
        rest: GroupedFieldSet = {}
        for response_name, details in grouped_field_set.items():
            node = details[0].node
            leaf = plan.get(node.name.value)
            if leaf is not None and not node.arguments:
                try:
                    value = getattr(source_value, leaf.attribute)
                    coerced = None if value is None else leaf.coerce(value)
                except Exception:  # a missing attribute, a property that fails, a value out of range:
                    coerced = value = _FAILED  # graphql-core says what failed, with its path
                if value is None and leaf.nullable:
                    read[response_name] = None
                    continue
                if coerced is not None and coerced is not _FAILED and coerced is not Undefined:
                    read[response_name] = coerced
                    continue
            rest[response_name] = details
        if not rest:
            return read
        others = super().execute_fields(parent_type, source_value, path, rest, position_context)
        if self.is_awaitable(others):
            return _merged_later(grouped_field_set, read, others)
        return _merged(grouped_field_set, read, others)  # type: ignore[arg-type]


def _merged(order: GroupedFieldSet, read: dict[str, Any], others: dict[str, Any]) -> dict[str, Any]:
    """The two parts of an object's fields in the order they were asked."""
    if not read:
        return others
    return {name: read[name] if name in read else others[name] for name in order if name in read or name in others}


async def _merged_later(order: GroupedFieldSet, read: dict[str, Any], others: Awaitable[dict[str, Any]]) -> Any:
    return _merged(order, read, await others)
