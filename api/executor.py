"""Strawberry's execution, with the plain parts of a page read without graphql-core's per-field steps.

A page of 100 members or facts is 1,000-2,000 fields, and most are fields a record holds as an
attribute: scalars (``id``, ``name``, ``date``, ``locator``), and objects and lists of objects whose
own fields are plain too (``actor { id name }``, ``sources { locator }``). For each, graphql-core
makes a path, builds a resolve-info object, calls strawberry's resolver (three calls deep, to end in
``getattr``), checks whether the result is awaitable and then completes it: about 10 µs a field,
most of a hub page's time. ``Executor`` reads such a field as ``getattr`` and completes the value
itself (the scalar's ``serialize``; the object's fields; each item of a list), which is what those
steps come to.

Which fields qualify is worked out once per operation and selection: strawberry's basic fields (no
resolver, no field extensions or permission classes: ``StrawberryField.is_basic_field``) that read
with the default ``getattr``, and resolvers that take only ``self`` (``Fact.sources``) or ``self``
and an ``info`` they only read the context of (marked ``metadata=CONTEXT_ONLY``: ``SourceRef.document``),
called as strawberry calls them; each asked without arguments or directives, with no field
extensions or permission classes, whose type is a scalar or an enum, a list of those, an object
type or an interface whose asked fields all qualify too; ``__typename`` qualifies. Every other field
(with arguments, an async resolver, a union type, a deferred or streamed part) goes to graphql-core,
whose objects then have their own plain fields read directly again. A resolver that returns an
awaitable (a loader's, on a Bolt store) is handed to graphql-core from then on.

Errors stay graphql-core's own: when reading a plain field meets anything but the happy path (a
missing attribute, a property that fails, a value a scalar refuses, null where the type forbids it,
a list that is not a list or a tuple), it gives up on that field without recording anything, and graphql-core
runs the whole field again and reports what failed with its path. A schema with an extension that
wraps every resolver (graphql-core middleware: tracing, counting) has every field run by graphql-core.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from inspect import isawaitable, iscoroutine
from typing import Any

from graphql import (
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLOutputType,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
)
from graphql.execution.collect_fields import FieldDetailsList, GroupedFieldSet
from graphql.pyutils import Path, Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.cast import get_strawberry_type_cast

Complete = Callable[[Any], Any]  # a value as the response holds it; raises GiveUp off the happy path
Read = Callable[[Any], Any]  # a field of a source object, completed
CONTEXT_ONLY = {"caacgraph.context_only": True}  # a resolver's metadata: of ``info`` it reads the context alone


class ContextOnly:
    """The ``info`` a resolver marked ``CONTEXT_ONLY`` is called with here: the request's context."""

    __slots__ = ("context",)

    def __init__(self, context: Any) -> None:
        self.context = context


class GiveUp(Exception):
    """A plain field met something graphql-core must report: it runs the field again."""


def _non_null(inner: Complete) -> Complete:
    def complete(value: Any) -> Any:
        if value is None:
            raise GiveUp
        done = inner(value)
        if done is None:
            raise GiveUp
        return done

    return complete


def _listed(inner: Complete) -> Complete:
    def complete(value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, list | tuple):  # an iterator read here would be gone when graphql-core
            raise GiveUp  # reads the field again, after a later item gives up
        return [inner(item) for item in value]

    return complete


def _leaf(coerce: Callable[[Any], Any]) -> Complete:
    def complete(value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, Exception):  # graphql-core raises a returned exception as the field's error
            raise GiveUp
        try:
            done = coerce(value)
        except Exception:  # a value out of range, of the wrong type: graphql-core says which
            raise GiveUp from None
        if done is None or done is Undefined:
            raise GiveUp
        return done

    return complete


def _object(fields: list[tuple[str, Read]], accepts: tuple[type, ...] | None) -> Complete:
    """An object's asked fields; ``accepts`` is what strawberry's ``is_type_of`` takes, when it has one."""

    def complete(value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, Exception):  # graphql-core raises a returned exception as the field's error
            raise GiveUp
        if accepts is not None and (not isinstance(value, accepts) or get_strawberry_type_cast(value) is not None):
            raise GiveUp
        return {name: read(value) for name, read in fields}

    return complete


def _definition(kind: GraphQLObjectType | GraphQLInterfaceType) -> StrawberryObjectDefinition | None:
    definition = (kind.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    return definition if isinstance(definition, StrawberryObjectDefinition) else None


def _accepts(kind: GraphQLObjectType) -> tuple[type, ...] | bool | None:
    """What ``kind``'s ``is_type_of`` accepts: None when it has none, the classes strawberry's own
    check takes (the type's and its interfaces'), False when the check is not strawberry's own."""
    if kind.is_type_of is None:
        return None
    definition = _definition(kind)
    if definition is None or definition.is_type_of or definition.concrete_of or not definition.interfaces:
        return False
    return (*(interface.origin for interface in definition.interfaces), definition.origin)


def _attribute(attribute: str, complete: Complete) -> Read:
    def read(source: Any) -> Any:
        try:
            value = getattr(source, attribute)
        except Exception:  # a missing attribute, a property that fails
            raise GiveUp from None
        return complete(value)

    return read


def _resolved(call: Callable[[Any], Any], complete: Complete) -> Read:
    awaited = [False]  # once a resolver returns an awaitable, graphql-core runs it (it awaits)

    def read(source: Any) -> Any:
        if awaited[0]:
            raise GiveUp
        try:
            value = call(source)
        except Exception:  # graphql-core calls it again and reports the error with its path
            raise GiveUp from None
        if isawaitable(value):
            awaited[0] = True
            if iscoroutine(value):
                value.close()  # never started: nothing ran
            raise GiveUp
        return complete(value)

    return read


def _constant(value: str) -> Read:
    return lambda source: value


class Executor(StrawberryGraphQLCoreExecutionContext):
    """graphql-core's executor as strawberry sets it up, with plain fields read directly."""

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
        plan = self._plan(parent_type, grouped_field_set)
        read: dict[str, Any] = {}
        rest: GroupedFieldSet = {}
        for response_name, details in grouped_field_set.items():
            reader = plan.get(response_name)
            if reader is not None:
                try:
                    read[response_name] = reader(source_value)
                    continue
                except GiveUp:
                    pass
            rest[response_name] = details
        if not rest:
            return read
        others = super().execute_fields(parent_type, source_value, path, rest, position_context)
        if self.is_awaitable(others):
            return _merged_later(grouped_field_set, read, others)
        return _merged(grouped_field_set, read, others)  # type: ignore[arg-type]

    def _plan(self, parent_type: GraphQLObjectType, grouped: GroupedFieldSet) -> dict[str, Read]:
        """How each plain field of ``grouped`` is read (fields absent are graphql-core's), worked out
        once per selection: a page's hundred items share theirs."""
        plans: dict[tuple[int, int], tuple[GroupedFieldSet, dict[str, Read]]] | None
        plans = self.__dict__.get("_plans")
        if plans is None:
            plans = self.__dict__["_plans"] = {}
        key = (id(parent_type), id(grouped))
        kept = plans.get(key)
        if kept is None:  # the selection is kept with its plan, so its id is not reused meanwhile
            plan = {name: reader for name, details in grouped.items() if (reader := self._reader(parent_type, details))}
            kept = plans[key] = (grouped, plan)
        return kept[1]

    def _reader(self, parent_type: GraphQLObjectType, details: FieldDetailsList) -> Read | None:
        """How the field ``details`` asks of ``parent_type`` is read and completed, if it is plain."""
        if any(d.node.arguments or d.node.directives or d.defer_usage for d in details):
            return None
        name = details[0].node.name.value
        if name == "__typename":
            return _constant(parent_type.name)
        field = parent_type.fields.get(name)
        definition = None if field is None else (field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
        if field is None or definition is None or definition.extensions or definition.permission_classes:
            return None
        if getattr(field.resolve, "_is_default", False):
            if not definition.is_basic_field or definition.default_resolver is not getattr:
                return None
            complete = self._completion(field.type, details)
            return None if complete is None else _attribute(definition.python_name, complete)
        call = self._call(definition)
        complete = None if call is None else self._completion(field.type, details)
        return None if call is None or complete is None else _resolved(call, complete)

    def _call(self, definition: Any) -> Callable[[Any], Any] | None:
        """How a resolver is called with a source alone, when it takes nothing else (or ``info`` for
        its context, when marked ``CONTEXT_ONLY``) and no exception handler of the schema applies."""
        resolver = definition.base_resolver
        if resolver is None or resolver.is_async or resolver.arguments or resolver.self_parameter is None:
            return None
        if resolver.parent_parameter is not None or resolver.root_parameter is not None or self._handlers():
            return None
        info = resolver.info_parameter
        if info is None:
            return resolver  # type: ignore[no-any-return]
        if not definition.metadata.get(next(iter(CONTEXT_ONLY))):
            return None
        keyword, given = info.name, ContextOnly(self.context_value)
        return lambda source: resolver(source, **{keyword: given})

    def _handlers(self) -> bool:
        """Whether the schema turns some exceptions into results (strawberry's exception handlers):
        then its resolvers are always strawberry's to call."""
        strawberry_schema = getattr(self.schema, "_strawberry_schema", None)
        converter = getattr(strawberry_schema, "schema_converter", None)
        return converter is None or bool(getattr(converter, "_exception_handler_specs", True))

    def _completion(self, kind: GraphQLOutputType, details: FieldDetailsList) -> Complete | None:
        """How a value of ``kind`` is completed, when every part of it asked is plain."""
        if is_non_null_type(kind):
            inner = self._completion(kind.of_type, details)
            return None if inner is None else _non_null(inner)
        if is_list_type(kind):
            inner = self._completion(kind.of_type, details)
            return None if inner is None else _listed(inner)
        if is_leaf_type(kind):
            return _leaf(kind.coerce_output_value)
        if isinstance(kind, GraphQLInterfaceType):
            return self._interface(kind, details)
        if isinstance(kind, GraphQLObjectType):
            return self._object_of(kind, details)
        return None  # a union

    def _object_of(self, kind: GraphQLObjectType, details: FieldDetailsList) -> Complete | None:
        """An object's asked fields, when all of them are plain."""
        accepts = _accepts(kind)
        if accepts is False:
            return None  # a type that checks what it is given its own way
        grouped, deferred, _ = self.collect_subfields(kind, details)
        if deferred:
            return None
        fields = []
        for response_name, inner_details in grouped.items():
            reader = self._reader(kind, inner_details)
            if reader is None:
                return None
            fields.append((response_name, reader))
        return _object(fields, accepts)  # type: ignore[arg-type]

    def _interface(self, kind: GraphQLInterfaceType, details: FieldDetailsList) -> Complete | None:
        """An interface's value completed as the object type its class is, as strawberry's own
        ``resolve_type`` finds it (not a cast, not a generic); each type's completion worked out on its
        first value. Anything else is graphql-core's."""
        definition = _definition(kind)
        if definition is None or definition.resolve_type is not None:
            return None
        origin = definition.origin
        by_class: dict[type, Complete | None] = {}

        def complete(value: Any) -> Any:
            if value is None:
                return None
            cls = type(value)
            if cls not in by_class:
                by_class[cls] = self._implementation(kind, origin, cls, details)
            done = by_class[cls]
            if done is None or get_strawberry_type_cast(value) is not None:
                raise GiveUp
            return done(value)

        return complete

    def _implementation(
        self, kind: GraphQLInterfaceType, origin: type, cls: type, details: FieldDetailsList
    ) -> Complete | None:
        """How a value of class ``cls`` is completed where ``kind`` is asked, if plainly."""
        found = getattr(cls, "__strawberry_definition__", None)
        if not issubclass(cls, origin) or not isinstance(found, StrawberryObjectDefinition):
            return None
        if found.is_graphql_generic:
            return None
        runtime = self.schema.get_type(found.name)
        if not isinstance(runtime, GraphQLObjectType) or not self.schema.is_sub_type(kind, runtime):
            return None
        return self._completion(runtime, details)


def _merged(order: GroupedFieldSet, read: dict[str, Any], others: dict[str, Any]) -> dict[str, Any]:
    """The two parts of an object's fields in the order they were asked."""
    if not read:
        return others
    return {name: read[name] if name in read else others[name] for name in order if name in read or name in others}


async def _merged_later(order: GroupedFieldSet, read: dict[str, Any], others: Awaitable[dict[str, Any]]) -> Any:
    return _merged(order, read, await others)
