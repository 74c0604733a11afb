"""Limits a public endpoint needs, built once per schema so strawberry's validation cache keeps hitting.

- parsing: at most ``max_tokens`` tokens, ``MAX_COMMENTS`` comments and ``MAX_QUERY_LENGTH``
  characters (a 1 MB document is refused before it is lexed);
- validation: query depth (``max_depth``), aliases (``max_aliases``), and introspection when
  ``introspection`` is off; graphql-core's own rules refuse fragment cycles;
- execution: ``first`` at most 100, a node budget and a time limit per request (``Context.charge``),
  ``maxHops``/``depth``/``limit`` bounds in the named queries;
- errors: masked ("Unexpected error.") outside debug mode, except caacgraph's own errors, which
  say what to fix.

The validation rule classes are made once in ``validation_rules``; each request gets a fresh
extension holding the same classes, so the cache key ``(schema, document, rules)`` repeats.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from graphql import GraphQLError
from graphql.validation import ASTValidationRule, NoSchemaIntrospectionCustomRule
from strawberry.extensions import AddValidationRules, MaskErrors, ParserCache, SchemaExtension, ValidationCache
from strawberry.extensions.max_aliases import create_validator as alias_validator
from strawberry.extensions.query_depth_limiter import create_validator as depth_validator

from api.settings import Settings
from graph.errors import CaacgraphError

MAX_QUERY_LENGTH = 100_000
MAX_COMMENTS = 200
CACHE_SIZE = 256


class ParseLimits(SchemaExtension):
    """Bounds the parser: tokens, comments and characters."""

    def __init__(self, max_tokens: int, max_length: int = MAX_QUERY_LENGTH) -> None:
        super().__init__()
        self.max_tokens = max_tokens
        self.max_length = max_length

    def on_operation(self) -> Iterator[None]:
        options = self.execution_context.parse_options
        options["max_lexical_tokens"] = self.max_tokens  # type: ignore[typeddict-unknown-key]
        options["max_comments"] = MAX_COMMENTS  # type: ignore[typeddict-unknown-key]
        options["max_source_length"] = self.max_length  # type: ignore[typeddict-unknown-key]
        yield


def validation_rules(settings: Settings) -> list[type[ASTValidationRule]]:
    """The extra validation rules, as classes made once."""
    rules: list[type[ASTValidationRule]] = [
        depth_validator(settings.max_depth, None),
        alias_validator(settings.max_aliases),
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
    rules = validation_rules(settings)
    factories: list[Callable[[], SchemaExtension]] = [
        lambda: ParseLimits(settings.max_tokens),
        lambda: ParserCache(maxsize=CACHE_SIZE),
        lambda: AddValidationRules(rules),
        lambda: ValidationCache(maxsize=CACHE_SIZE),
    ]
    if not settings.debug:
        factories.append(lambda: MaskErrors(should_mask_error=should_mask))
    return factories
