"""A node's properties as one small read-only mapping, its keys shared with every node that has the same.

Most nodes carry the same few properties (a paragraph its ``text``, ``locator`` and ``document``; a
commitment its ``date`` and ``category``). Held as a read-only view of a dict, each costs a view (48
bytes) and a dict (184 bytes for up to five keys): about 30 bytes a relationship at a million. A
``Properties`` holds the tuple of its keys, one object for every node with those keys in that
order, and the tuple of its values: 112 bytes for three. It reads like any ``Mapping``: equal to a
dict with the same items, ``dict(p)`` and ``p.items()`` in the order the keys were given, and
nothing can change it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

_KEYS: dict[tuple[str, ...], tuple[str, ...]] = {}  # one tuple per distinct key order (a few dozen in all)


class Properties(Mapping[str, Any]):
    """Read-only properties: a shared tuple of keys and a tuple of values."""

    __slots__ = ("_keys", "_values")

    def __init__(self, keys: tuple[str, ...], values: tuple[Any, ...]) -> None:
        if len(keys) != len(values):
            raise ValueError(f"{len(keys)} keys and {len(values)} values")
        self._keys = _KEYS.setdefault(keys, keys)
        self._values = values

    @classmethod
    def of(cls, items: Mapping[str, Any]) -> Properties:
        """The properties of ``items`` (itself when it is already ``Properties``)."""
        if isinstance(items, Properties):
            return items
        return cls(tuple(items), tuple(items.values()))

    def __getitem__(self, key: str) -> Any:
        keys = self._keys
        if key in keys:
            return self._values[keys.index(key)]
        raise KeyError(key)

    def get(self, key: str, default: Any = None) -> Any:
        keys = self._keys
        return self._values[keys.index(key)] if key in keys else default

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Properties) and other._keys is self._keys:
            return self._values == other._values
        if isinstance(other, Mapping):
            return dict(zip(self._keys, self._values, strict=True)) == dict(other.items())
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # like a dict: equal to dicts, so not hashable

    def __repr__(self) -> str:
        return repr(dict(zip(self._keys, self._values, strict=True)))

    def __reduce__(self) -> tuple[type[Properties], tuple[tuple[str, ...], tuple[Any, ...]]]:
        return (Properties, (self._keys, self._values))
