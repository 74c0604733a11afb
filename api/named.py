"""The schema's named-query fields, made from the registry (``queries.registry``), one per query.

A field is named as its query registers; its arguments are the function's parameters after the
view, with their types, defaults and what ``Arg`` says (``NodeId`` is an ``ID``; an unasked or
budget parameter keeps its default), then ``first``/``after`` when the query is paged. Its type is
derived from the function's return type (``api/derive.py``): a record's type, a list of them, or a
connection of a paged list.

The resolver calls the function with the request's view (or reads the answer the server kept for
this graph, query and arguments: ``api/memo.py``), keeps the page asked for (of a paged record,
the list its ``PAGED`` names, with ``totalCount`` and ``pageInfo``), charges the nodes it returns
to the request's budget, and converts the answer (``derive.convert``). The page made (its GraphQL
objects and its node count) is kept too, so the same page asked again, with any selection of its
fields, is charged again but neither counted nor converted again (a hub's page of members: 40% of
the request).
"""

from __future__ import annotations

import dataclasses
import inspect
import typing
from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeVar

import strawberry
from strawberry.types.field import StrawberryField

from api import answers as _answers  # noqa: F401 - the graph records' types, and the answers named otherwise
from api.derive import convert, graphql_type
from api.types import AppInfo, Connection, ConnectionEdge, cursor, page_of
from queries import NAMED
from queries.registry import NamedQuery, Parameter, camel, listed, snake
from queries.results import node_count, page

T = TypeVar("T")
R = TypeVar("R")

FirstArg = Annotated[int, strawberry.argument(description="How many items of the answer's main list (1..100).")]
AfterArg = Annotated[str | None, strawberry.argument(description="The endCursor of the previous page.")]


def with_named_queries(cls: type[T]) -> type[T]:
    """``cls`` (the ``Query`` type, before ``strawberry.type``) with a field for every named query it
    does not declare itself (``search`` is declared by hand: it answers nodes, ``searchHits`` hits)."""
    declared = {camel(name) for name, value in vars(cls).items() if isinstance(value, StrawberryField)}
    for query in NAMED.values():
        if query.name not in declared:
            setattr(cls, snake(query.name), field_of(query))
    return cls


def charged(info: AppInfo, answer: R) -> R:
    """A named query's answer, its nodes charged to the request's budget."""
    return _counted(answer, info.context.charge)


Charge = Callable[[int], None]  # charges a page's node count to the request, before the page is made
Cuts = dict[str, tuple[int, str | None]]  # first and after of each other list paged (``ALSO_PAGED``)
Maker = Callable[[Any, int, str | None, Charge, Cuts], Any]  # an answer's page as GraphQL objects


def _counted(answer: R, charge: Charge) -> R:
    charge(node_count(answer))
    return answer


def _made(info: AppInfo, name: str, asked: dict[str, Any], make: Callable[[Charge], Any]) -> Any:
    """The page ``make`` makes of query ``name`` asked with ``asked``, charged to the request: kept
    with its node count, or made (and kept)."""
    kept = info.context.answers
    if kept is None:
        return make(info.context.charge)
    counts: list[int] = []

    def charge(nodes: int) -> None:
        counts.append(nodes)
        info.context.charge(nodes)  # refused before it is made, and never kept

    def made() -> tuple[Any, int]:
        return make(charge), counts[0]

    page_made, nodes = kept.page(info.context.view, name, asked, made)
    if not counts:  # made for an earlier request: charged to this one too
        info.context.charge(nodes)
    return page_made


def field_of(query: NamedQuery) -> Any:
    """The GraphQL field of a named query."""
    also: tuple[str, ...] = getattr(query.answer, "ALSO_PAGED", ()) if query.paged else ()
    reserved = {"info", "first", "after"} | {f"{name}_{end}" for name in also for end in ("first", "after")}
    clash = {p.name for p in query.parameters} & reserved
    if clash:
        raise TypeError(f"{query.name}: a named query's parameter may not be called {', '.join(sorted(clash))}")
    asked = [p for p in query.parameters if p.arg.asked and not p.arg.budget]
    arguments = [_argument(p) for p in asked]
    answer, item = _answer_types(query)
    if query.paged:
        arguments += [_keyword("first", FirstArg, 100), _keyword("after", AfterArg, None)]
    for name in also:
        first_of = Annotated[int, strawberry.argument(description=f"How many items of {name} (1..100).")]
        after_of = Annotated[str | None, strawberry.argument(description=f"The endCursor of the {name} page before.")]
        arguments += [_keyword(f"{name}_first", first_of, 100), _keyword(f"{name}_after", after_of, None)]
    answers: Maker
    if item is None:
        answers = _paged_record(answer) if query.paged else _record(answer)
    else:
        answers = _paged_list(item) if query.paged else _list(item)

    def resolve(info: AppInfo, **given: Any) -> Any:
        first, after = given.pop("first", 100), given.pop("after", None)
        cuts = {name: (given.pop(f"{name}_first", 100), given.pop(f"{name}_after", None)) for name in also}
        view, kept = info.context.view, info.context.answers

        def compute() -> Any:
            return query.function(view, **given)

        def make(charge: Charge) -> Any:  # only when this page is not kept: its answer may be
            answer = compute() if kept is None else kept.answer(view, query.name, given, compute)
            return answers(answer, first, after, charge, cuts)

        return _made(info, query.name, {**given, "first": first, "after": after, **cuts}, make)

    parameters = [inspect.Parameter("info", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=AppInfo), *arguments]
    resolve.__signature__ = inspect.Signature(parameters, return_annotation=answer)  # type: ignore[attr-defined]
    resolve.__name__ = resolve.__qualname__ = snake(query.name)
    return strawberry.field(resolver=resolve, name=query.name, description=query.summary)


def _argument(parameter: Parameter) -> inspect.Parameter:
    """The resolver's parameter for a query's: its GraphQL type, name and description."""
    hint, optional = parameter.hint, False
    arguments = typing.get_args(hint)
    if type(None) in arguments:
        (hint,) = (a for a in arguments if a is not type(None))
        optional = True
    if parameter.arg.node_id:
        base: Any = strawberry.ID
    elif (item := listed(hint)) is not None:
        base = list[item]  # type: ignore[valid-type]
    else:
        base = hint
    described = strawberry.argument(name=parameter.argument, description=parameter.arg.description)
    annotation = Annotated[base | None if optional else base, described]  # type: ignore[valid-type]
    return _keyword(parameter.name, annotation, parameter.default)


def _keyword(name: str, annotation: Any, default: Any) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)


def _answer_types(query: NamedQuery) -> tuple[Any, type | None]:
    """The field's GraphQL type, and the type of one item when the answer is a list."""
    answer, record = query.answer, listed(query.answer)
    if record is not None:
        item = graphql_type(record)
        return (Connection[item] if query.paged else list[item]), item  # type: ignore[valid-type]
    if query.paged and not hasattr(answer, "PAGED"):
        raise TypeError(f"{query.name} is paged, but {answer.__name__} names no PAGED list")
    return graphql_type(answer), None


def _record(target: type) -> Maker:
    return lambda answer, first, after, charge, cuts: convert(_counted(answer, charge), target)


def _list(target: type) -> Maker:
    return lambda answer, first, after, charge, cuts: [convert(item, target) for item in _counted(answer, charge)]


def _paged_record(target: type) -> Maker:
    """One page of the answer's main list, with the whole list's count and the page's info, and one
    page of each other list it pages (``ALSO_PAGED``), with their counts and page infos."""

    def answers(answer: Any, first: int, after: str | None, charge: Charge, cuts: Cuts) -> Any:
        items = getattr(answer, answer.PAGED)
        shown, _, page_info = page_of(items, first, after)
        part, extra = page(answer, tuple(shown)), dict[str, Any]()
        for name, (first_of, after_of) in cuts.items():
            listed_items = getattr(answer, name)
            cut, _, cut_info = page_of(listed_items, first_of, after_of, (f"{name}First", f"{name}After"))
            part = dataclasses.replace(part, **{name: tuple(cut)})
            extra |= {f"{name}_count": len(listed_items), f"{name}_page_info": cut_info}
        _counted(part, charge)
        return convert(part, target, total_count=len(items), page_info=page_info, **extra)

    return answers


def _paged_list(target: type) -> Maker:
    """A connection of one page of a list answer."""

    def answers(items: Sequence[Any], first: int, after: str | None, charge: Charge, cuts: Cuts) -> Any:
        shown, start, page_info = page_of(items, first, after)
        found: list[Any] = [convert(item, target) for item in _counted(list(shown), charge)]
        edges = [ConnectionEdge(cursor=cursor(start + i), node=item) for i, item in enumerate(found)]
        return Connection(edges=edges, page_info=page_info, total_count=len(items))

    return answers
