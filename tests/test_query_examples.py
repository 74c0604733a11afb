"""The examples in the named queries' docstrings run, on the fixture graph, and say what they answer."""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil

import pytest

import queries
from tests.fixtures_graph import fixture_store

MODULES = [f"queries.{m.name}" for m in pkgutil.iter_modules(queries.__path__)]


@pytest.mark.parametrize("name", MODULES)
def test_the_docstring_examples_of_a_query_module_run(name: str) -> None:
    module = importlib.import_module(name)
    store = fixture_store()
    globs = {**vars(module), "view": store.view()}
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in doctest.DocTestFinder().find(module, name, globs=globs):
        runner.run(test)
    store.close()
    assert runner.tries or "Example (fixture graph)::" not in inspect.getsource(module), "no example ran"
    assert runner.failures == 0, f"{runner.failures} example(s) of {name} answer otherwise (see the output above)"
