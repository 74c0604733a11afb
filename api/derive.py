"""GraphQL types derived from answer records (``queries.results``), and the one converter to them.

A record's GraphQL type has the record's fields and properties, in order, each typed by its type
hint: a tuple becomes a list, ``X | None`` a nullable field, a record of its own its derived type,
and a graph record the API's own type for it (``mapped``: a ``Node`` is a ``Node``, a fact a
``Fact``). The record's docstring describes the type, and a field's ``described(...)`` metadata (a
property's docstring) the field. ``@derived(record)`` above an empty class makes that class the
record's type, named by the class: resolvers name it in their signatures, and what the class
declares itself (a field of another type, a converter) replaces what the record would give.
A record held inside another gets its type, named as the record, when first met.

``convert(record, Type)`` makes the GraphQL object of a record by the fields of its type: each
read from the record's attribute of the same name and converted by the type declared for it.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import inspect
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

import strawberry
from strawberry.types.base import StrawberryList, StrawberryOptional, get_object_definition, has_object_definition

from api.types import PageInfo
from queries.results import DESCRIPTION

T = TypeVar("T")
Converter = Callable[[Any], Any]
CONVERT = "convert"  # a field's metadata key: how its value converts, where its type does not say

_TYPES: dict[type, type] = {}  # record type -> its GraphQL type, derived or mapped
_MADE: dict[type, Converter] = {}  # GraphQL type -> how to make one, where not field by field
_SCALARS = (str, int, float, bool)


def mapped(record: type, graphql: type, make: Converter) -> None:
    """Make ``graphql`` the type of ``record`` (a graph record: ``Node``, ``Edge``, a fact), made by ``make``."""
    _TYPES[record] = graphql
    made(graphql, make)


def made(graphql: type, make: Converter) -> None:
    """Make objects of ``graphql`` by ``make`` (the value as a whole), not field by field."""
    _MADE[graphql] = make


def derived(record: type, *, description: str | None = None) -> Callable[[type[T]], type[T]]:
    """Make the decorated class the GraphQL type of ``record``, with the record's fields (see the module).

    ``description`` replaces the record's docstring. A record whose ``PAGED`` names its main list
    (an answer served a page at a time) also gets ``totalCount`` and ``pageInfo``, and each list its
    ``ALSO_PAGED`` names (served a page at a time too) a count and page info of its own
    (``presentCount``, ``presentPageInfo``).
    """

    def derive(cls: type[T]) -> type[T]:
        known = _TYPES.get(record)
        if known is not None:
            raise TypeError(
                f"{record.__name__} already has the GraphQL type {known.__name__}: "
                f"declare {cls.__name__} before the types that hold a {record.__name__}"
            )
        _fill(cls, record, getattr(record, "PAGED", None), getattr(record, "ALSO_PAGED", ()))
        _TYPES[record] = strawberry.type(cls, name=cls.__name__, description=description or _described(record))
        return cls

    return derive


def graphql_type(record: type) -> type:
    """The GraphQL type of a record: mapped, declared with ``@derived``, or derived now."""
    found = _TYPES.get(record)
    if found is None:
        cls = types.new_class(record.__name__, exec_body=lambda ns: ns.update(__module__=__name__))
        found = derived(record)(cls)
    return found


def _fill(cls: type, record: type, pages: str | None, also: tuple[str, ...] = ()) -> None:
    """Give ``cls`` the annotations and fields of ``record``'s, keeping those ``cls`` declares."""
    own: dict[str, Any] = dict(inspect.get_annotations(cls))
    annotations: dict[str, Any] = {}
    for name, (hint, description) in _attributes(record).items():
        if name in own:
            annotations[name] = own.pop(name)
            continue
        annotations[name] = _annotation(hint, f"{record.__name__}.{name}")
        setattr(cls, name, strawberry.field(description=description))
    annotations.update(own)
    for name, (annotation, declared) in (_paging(pages) | _also_paging(also)).items():
        annotations[name] = annotation
        setattr(cls, name, declared)
    cls.__annotations__ = annotations


def _paging(pages: str | None) -> dict[str, tuple[Any, Any]]:
    """The fields of an answer served a page at a time (none when ``pages`` is ``None``)."""
    if pages is None:
        return {}
    return {
        "total_count": (int, strawberry.field(default=0, description=f"How many items the whole {pages} list has.")),
        "page_info": (PageInfo | None, strawberry.field(default=None, description=f"Where this page of {pages} ends.")),
    }


def _also_paging(lists: tuple[str, ...]) -> dict[str, tuple[Any, Any]]:
    """The count and page info of each other list served a page at a time."""
    fields: dict[str, tuple[Any, Any]] = {}
    for name in lists:
        count = strawberry.field(default=0, description=f"How many items the whole {name} list has.")
        info = strawberry.field(default=None, description=f"Where this page of {name} ends.")
        fields[f"{name}_count"] = (int, count)
        fields[f"{name}_page_info"] = (PageInfo | None, info)
    return fields


def _attributes(record: type) -> dict[str, tuple[object, str | None]]:
    """The record's fields, then its properties: each name's type hint and description."""
    hints = typing.get_type_hints(record)
    found: dict[str, tuple[object, str | None]] = {
        f.name: (hints[f.name], f.metadata.get(DESCRIPTION)) for f in dataclasses.fields(record)
    }
    for name, value in vars(record).items():
        if isinstance(value, property) and not name.startswith("_") and value.fget is not None:
            found[name] = (typing.get_type_hints(value.fget)["return"], inspect.getdoc(value.fget))
    return found


def _described(record: type) -> str | None:
    """The record's own docstring (not the signature ``dataclass`` writes where it has none)."""
    doc = inspect.getdoc(record)
    signature = record.__name__ + str(inspect.signature(record)).replace(" -> None", "")
    return None if doc is None or doc == signature else doc


def _annotation(hint: object, where: str) -> Any:
    """The GraphQL annotation of a record's type hint."""
    origin, arguments = typing.get_origin(hint), typing.get_args(hint)
    if origin in {types.UnionType, typing.Union} and len(arguments) == 2 and type(None) in arguments:
        (inner,) = (a for a in arguments if a is not type(None))
        return _annotation(inner, where) | None
    if origin in {tuple, list, collections.abc.Sequence} and len({a for a in arguments if a is not Ellipsis}) == 1:
        return types.GenericAlias(list, (_annotation(arguments[0], where),))
    if hint in _SCALARS:
        return hint
    if isinstance(hint, type) and (hint in _TYPES or dataclasses.is_dataclass(hint)):
        return graphql_type(hint)
    raise TypeError(f"{where}: no GraphQL type for {hint!r}; map it in api/derive.py (mapped) or declare the field")


def convert(record: object, target: type[T], **extra: object) -> T:
    """The GraphQL object of type ``target`` for an answer record (``queries.results``).

    Each field of ``target`` without a resolver is read from the record's attribute of the same
    name, converted by its declared type: a node to its kind's type, a fact to a ``Fact``, a tuple
    to a list, a record to its field's type. ``extra`` gives fields the record lacks
    (``totalCount``, ``pageInfo``); others keep their defaults.
    """
    made = _maker(target, type(record))(record)
    for name, value in extra.items():
        setattr(made, name, value)
    return made  # type: ignore[no-any-return]


_MAKERS: dict[tuple[type, type], Converter] = {}  # (GraphQL type, record type) -> how to make one, found once


def _maker(target: type, source: type) -> Converter:
    maker = _MAKERS.get((target, source))
    if maker is None:
        maker = _MAKERS[target, source] = _MADE.get(target) or _fields_maker(target, source)
    return maker


def _fields_maker(target: type, source: type) -> Converter:
    held = set(getattr(source, "__dataclass_fields__", {})) | {
        name for name, value in vars(source).items() if isinstance(value, property)
    }
    plan = [
        (f.python_name, f.metadata.get(CONVERT) or _converter(f.type))
        for f in get_object_definition(target, strict=True).fields
        if f.base_resolver is None and f.python_name in held
    ]
    return lambda record: target(**{name: change(getattr(record, name)) for name, change in plan})


def _converter(annotation: object) -> Converter:
    if isinstance(annotation, StrawberryOptional):
        inner = _converter(annotation.of_type)
        return lambda value: None if value is None else inner(value)
    if isinstance(annotation, StrawberryList):
        item = _converter(annotation.of_type)
        return lambda values: [item(value) for value in values]
    if isinstance(annotation, type) and (annotation in _MADE or has_object_definition(annotation)):
        target = annotation
        return lambda value: _maker(target, type(value))(value)
    return _same


def _same(value: T) -> T:
    return value
