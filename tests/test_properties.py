"""A node's properties (``graph/properties.py``): read like a dict, equal to one, shared keys, read-only."""

from __future__ import annotations

import copy
import json
import pickle
from dataclasses import replace
from types import MappingProxyType

import pytest

from graph.model import NO_PROPERTIES, Node
from graph.properties import Properties


def test_a_node_holds_its_properties_as_properties_and_reads_them_like_a_dict() -> None:
    given = {"text": "The Working Group welcomed...", "locator": "12 (a)", "year": 2017}
    node = Node("stmt:1", "Statement", "paragraph 12", properties=given)
    props = node.properties
    assert type(props) is Properties
    assert props == given and given == props and MappingProxyType(given) == props
    assert props != {**given, "year": 2018} and props != {"text": given["text"]}
    assert dict(props) == given and list(props) == ["text", "locator", "year"]
    assert list(props.items()) == list(given.items()) and list(props.values()) == list(given.values())
    assert props["locator"] == "12 (a)" and props.get("year") == 2017 and props.get("date", "-") == "-"
    assert "text" in props and "date" not in props and len(props) == 3
    with pytest.raises(KeyError):
        props["date"]
    with pytest.raises(TypeError):
        props["text"] = "changed"  # type: ignore[index]
    assert json.dumps(dict(props)) == json.dumps(given)
    assert repr(props) == repr(given)


def test_nodes_with_the_same_keys_share_one_tuple_of_them_and_empty_ones_the_empty_mapping() -> None:
    a = Node("stmt:1", "Statement", "one", properties={"text": "a", "locator": "1"})
    b = Node("stmt:2", "Statement", "two", properties=MappingProxyType({"text": "b", "locator": "2"}))
    assert a.properties._keys is b.properties._keys  # type: ignore[attr-defined]
    assert Node("x:1", "Region", "x", properties={}).properties is NO_PROPERTIES
    assert Properties.of(a.properties) is a.properties


def test_properties_survive_copies_and_pickles_and_keep_their_key_order() -> None:
    node = Node("doc:1", "Document", "a report", properties={"symbol": "S/2017/1", "date": "2017-01-05"})
    for other in (copy.copy(node), replace(node, name="the report")):
        assert other.properties == node.properties and type(other.properties) is Properties
        assert list(other.properties) == ["symbol", "date"]
    again = pickle.loads(pickle.dumps(node.properties))
    assert again == node.properties and list(again) == ["symbol", "date"]
    assert again._keys is node.properties._keys  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="2 keys and 1 values"):
        Properties(("a", "b"), (1,))
