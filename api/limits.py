"""Limits a public endpoint needs, built once per schema so the validation cache keeps hitting.

- parsing: at most ``max_tokens`` tokens, ``MAX_COMMENTS`` comments and ``MAX_QUERY_LENGTH``
  characters (a 1 MB document is refused before it is lexed);
- validation: query depth (``max_depth``), aliases (``max_aliases``), each fragment measured once
  (``api/shape.py``), string literals and variables at most ``max_string`` characters, variable
  lists at most ``node_budget`` items, and introspection when ``introspection`` is off;
  graphql-core's own rules refuse fragment cycles;
- execution: ``first`` at most 100, a node budget and a time limit per request (``Context.charge``),
  ``maxHops``/``depth``/``limit`` bounds in the named queries;
- errors: masked ("Unexpected error.") outside debug mode, except caacgraph's own errors, which
  say what to fix.

All of it runs as two extensions, ``Limits`` (parse options, the parser and validation caches, the
extra rules) and ``Masking`` (strawberry's ``MaskErrors``): strawberry looks up every hook of every
extension on every request, and five extensions cost about 60 µs a request more than two (0.37 ->
0.31 ms CPU for ``{ __typename }`` in-process). The rule classes are made once per schema, so the
validation cache key ``(schema, document, rules)`` repeats and keeps hitting.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache

from graphql import GraphQLError, parse
from graphql.validation import ASTValidationRule, NoSchemaIntrospectionCustomRule
from strawberry.extensions import MaskErrors, SchemaExtension
from strawberry.schema.schema import validate_document

from api.settings import Settings
from api.shape import check_variables, long_numbers, shape_rule, string_rule
from graph.errors import CaacgraphError, StoreError, StoreUnavailableError

MAX_QUERY_LENGTH = 100_000
MAX_COMMENTS = 200
CACHE_SIZE = 256

# Shared by every request and schema of the process, as strawberry's ParserCache and ValidationCache are.
parse_cached = lru_cache(maxsize=CACHE_SIZE)(parse)
validate_cached = lru_cache(maxsize=CACHE_SIZE)(validate_document)
numbers_cached = lru_cache(maxsize=CACHE_SIZE)(long_numbers)


class Limits(SchemaExtension):
    """Bounds the parser (tokens, comments, characters), adds the validation rules, and caches both steps."""

    def __init__(self, rules: tuple[type[ASTValidationRule], ...], settings: Settings) -> None:
        super().__init__()
        self.rules = rules
        self.max_tokens = settings.max_tokens
        self.max_string = settings.max_string
        self.max_items = settings.node_budget

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        options = context.parse_options
        options["max_lexical_tokens"] = self.max_tokens  # type: ignore[typeddict-unknown-key]
        options["max_comments"] = MAX_COMMENTS  # type: ignore[typeddict-unknown-key]
        options["max_source_length"] = MAX_QUERY_LENGTH  # type: ignore[typeddict-unknown-key]
        context.validation_rules = context.validation_rules + self.rules
        yield

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        context.graphql_document = parse_cached(context.query, **context.parse_options)
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        errors = numbers_cached(document) or validate_cached(context.schema._schema, document, context.validation_rules)
        # A cached list is shared between requests: add this request's variable errors to a copy.
        context.pre_execution_errors = errors + check_variables(context.variables, self.max_string, self.max_items)
        yield


class Masking(MaskErrors):
    """``MaskErrors`` without its check against a runtime Protocol (about 30 µs a request on Python 3.11),
    which also says a store error without naming the store (its server's address or file's path)."""

    def _process_result(self, result: object) -> None:
        errors = getattr(result, "errors", None)
        if errors:
            result.errors = [_store_error(e) for e in self._process_errors(errors)]  # type: ignore[attr-defined]


def _store_error(error: GraphQLError) -> GraphQLError:
    if not isinstance(error.original_error, StoreError):
        return error
    unreachable = isinstance(error.original_error, StoreUnavailableError)
    message = "the store cannot be reached" if unreachable else "the store could not answer"
    return GraphQLError(
        message,
        error.nodes,
        path=error.path,
        extensions={"suggestion": "try again shortly; the server's log says more"},
    )


def validation_rules(settings: Settings) -> list[type[ASTValidationRule]]:
    """The extra validation rules, as classes made once."""
    rules: list[type[ASTValidationRule]] = [
        shape_rule(settings.max_depth, settings.max_aliases),
        string_rule(settings.max_string),
    ]
    if not settings.introspection:
        rules.append(NoSchemaIntrospectionCustomRule)
    return rules


def should_mask(error: GraphQLError) -> bool:
    """Mask errors raised by bugs; keep syntax, validation and caacgraph's own errors readable."""
    original = error.original_error
    return original is not None and not isinstance(original, CaacgraphError | GraphQLError)


def extensions(settings: Settings) -> list[Callable[[], SchemaExtension]]:
    """Extension factories for a schema with these settings (each request gets fresh instances)."""
    rules = tuple(validation_rules(settings))
    factories: list[Callable[[], SchemaExtension]] = [lambda: Limits(rules, settings)]
    if not settings.debug:
        factories.append(lambda: Masking(should_mask_error=should_mask))
    return factories
