"""``bench.pages`` runs every workload case through the schema and prints its first and next times."""

from __future__ import annotations

import pytest

from bench import pages


def test_a_small_run_prints_every_case_answered(capsys: pytest.CaptureFixture[str]) -> None:
    pages.main(["--scale", "3000", "--repeat", "2"])
    printed = capsys.readouterr().out
    rows = printed.splitlines()[2:]
    names = {row[:24].strip() for row in rows}
    assert {"members (hub)", "coexisting (hub)", "timeline", "search (typo)", "documentFacts"} <= names
    assert not [row for row in rows if "refused" in row]
    assert all(float(row[24:33]) > 0 for row in rows)
