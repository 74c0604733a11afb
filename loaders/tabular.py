"""Reading published CSV tables row by row, with line numbers, and the bad-row policy.

Datasets such as UCDP's hold one record per line: UTF-8 with a byte-order mark, lists inside
quoted fields ("11884, 226"). ``read_csv_lines`` parses each physical line on its own, so a broken
quote spoils one row (reported with its line number) instead of swallowing the rest of the file.
``BadRows`` collects what is wrong; ``finish`` either fails the whole load with every line listed
or, under ``--skip-bad-rows``, drops them and says how many in the load notes.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import LoadError
from loaders.base import LoadContext


@dataclass(frozen=True)
class Row:
    """One data row: its line in the file (the header is line 1) and its fields by column."""

    line: int
    fields: dict[str, str]

    def get(self, column: str) -> str:
        """The field, stripped ('' when the column is absent)."""
        return (self.fields.get(column) or "").strip()


@dataclass
class BadRows:
    """Rows that could not be read, with the reason."""

    path: Path
    problems: list[tuple[int, str]] = field(default_factory=list)

    def add(self, line: int, problem: str) -> None:
        self.problems.append((line, problem))

    @property
    def lines(self) -> set[int]:
        return {line for line, _ in self.problems}

    def finish(self, context: LoadContext) -> None:
        """Raise a ``LoadError`` listing every bad row, or note the skipped ones under --skip-bad-rows."""
        if not self.problems:
            return
        problems = sorted(self.problems)
        listed = "; ".join(f"line {line}: {problem}" for line, problem in problems[:10])
        more = f"; and {len(problems) - 10} more" if len(problems) > 10 else ""
        if not context.options.skip_bad_rows:
            lines = sorted(self.lines)
            where = "line " + ", ".join(str(n) for n in lines[:10]) + (" ..." if len(lines) > 10 else "")
            raise LoadError(
                str(self.path),
                where,
                f"{len(lines)} malformed rows: {listed}{more}",
                "correct these rows, or load with --skip-bad-rows to leave them out",
            )
        context.notes.append(f"{self.path.name}: skipped {len(self.lines)} malformed rows ({listed}{more})")


def read_text(path: Path) -> str:
    """The file as text: UTF-8 with or without a byte-order mark."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(str(path), f"byte {exc.start}", "the file is not UTF-8 text", "save it as UTF-8") from exc
    except OSError as exc:
        raise LoadError(str(path), "", f"cannot be read ({exc})", "check the file") from exc


def parse_line(text: str) -> list[str]:
    """One CSV line's fields; a broken quote raises ``csv.Error``."""
    return next(csv.reader([text], strict=True))


def header_of(path: Path, limit: int = 65536) -> list[str]:
    """The first line's fields (cheap: for recognising a file by its header)."""
    try:
        with path.open("rb") as handle:
            first = handle.read(limit).split(b"\n", 1)[0]
        return parse_line(first.decode("utf-8-sig").rstrip("\r"))
    except (OSError, UnicodeDecodeError, csv.Error, StopIteration):
        return []


def read_csv_lines(path: Path, bad: BadRows, *, drop_index: bool = False) -> tuple[list[str], Iterator[Row]]:
    """The header and the rows of a one-record-per-line CSV file; unreadable rows go to ``bad``.

    ``drop_index`` removes a leading unnamed column (the index pandas writes).
    """
    lines = read_text(path).splitlines()
    if not lines:
        raise LoadError(str(path), "line 1", "the file is empty", "export the table with its header row")
    try:
        header = [h.strip() for h in parse_line(lines[0])]
    except csv.Error as exc:
        raise LoadError(str(path), "line 1", f"unreadable header ({exc})", "fix the header row") from exc
    start = 1 if drop_index and header and header[0] == "" else 0
    columns = header[start:]

    def rows() -> Iterator[Row]:
        index = 1
        while index < len(lines):
            number, text = index + 1, lines[index]
            index += 1
            if not text.strip():
                continue
            values, used = _parse_record(lines, index - 1, len(header))
            if values is None:
                bad.add(number, f"broken quote ({used})")
                continue
            index += used
            if len(values) != len(header):
                bad.add(number, f"{len(values)} fields where the header has {len(header)} (a broken quote?)")
                continue
            yield Row(number, dict(zip(columns, values[start:], strict=True)))

    return columns, rows()


def _parse_record(lines: list[str], index: int, width: int, reach: int = 5) -> tuple[list[str] | None, Any]:
    """The record starting at ``lines[index]``: its fields and how many more lines a quoted field took.

    A quoted field may hold a line break; a quote still open ``reach`` lines later is broken, and
    then the error is returned in place of the count.
    """
    text = lines[index]
    for extra in range(reach + 1):
        try:
            values = parse_line(text)
        except csv.Error as exc:
            if "unexpected end of data" not in str(exc) or index + extra + 1 >= len(lines):
                return None, exc
            text += "\n" + lines[index + extra + 1]
            continue
        if extra and len(values) != width:
            break
        return values, extra
    return None, "a quote is never closed"


def split_list(value: str) -> list[str]:
    """A comma-separated list inside one field ("11884, 226"), stripped, empties dropped."""
    return [part.strip() for part in value.split(",") if part.strip()]


def int_list(value: str) -> list[int] | None:
    """A comma-separated list of integers, or ``None`` when a part is not an integer."""
    parts = split_list(value)
    if not all(part.isdigit() for part in parts):
        return None
    return [int(part) for part in parts]
