"""Every variable the settings read is listed where a user looks for it: the module's table and the README."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from api import settings
from graph.errors import CaacgraphError

ROOT = Path(__file__).resolve().parent.parent


def test_every_variable_read_is_documented() -> None:
    read = set(re.findall(r'"((?:CAACGRAPH|NEO4J)_[A-Z_]+)"', inspect.getsource(settings.Settings.from_env)))
    assert "CAACGRAPH_ANSWER_CACHE" in read
    table = settings.__doc__ or ""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert not [v for v in read if v not in table], "add it to the table of api/settings.py"
    short = {v for v in read if v not in readme and f"..._{v.split('_', 1)[1]}" not in readme}
    assert not short, f"name them in the README's Configuration: {sorted(short)}"


def test_a_bad_value_names_the_variable() -> None:
    with pytest.raises(CaacgraphError, match="CAACGRAPH_ANSWER_CACHE='lots' is not a whole number"):
        settings.Settings.from_env({"CAACGRAPH_ANSWER_CACHE": "lots"})
    assert settings.Settings.from_env({"CAACGRAPH_ANSWER_CACHE": "0"}).answer_cache == 0
