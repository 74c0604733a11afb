"""Bad documents: a clear LoadError naming the file (or a clean load), never a traceback; store unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import LoadError
from graph.memory import MemoryStore
from loaders.registry import load_paths
from tests.conftest import run_cli


def _pdf(text_lines: list[str]) -> bytes:
    """A minimal, valid one-page PDF with the given lines of text (Helvetica), built by hand."""
    stream = "BT /F1 11 Tf 50 780 Td 14 TL " + " ".join(f"({line}) '" for line in text_lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Resources << /Font << /F1 4 0 R >> >> "
        "/Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


_LINES = [
    "Conclusions on children and armed conflict in Mali",
    "3. They welcomed the signing in March 2017 of an action plan by CMA, which is binding",
    "upon all members of CMA, including the MNLA, and the United Nations in March 2017.",
]


def _snapshot(store: MemoryStore) -> tuple[int, int]:
    stats = store.view().stats()
    return stats.node_count, stats.edge_count


def test_a_real_pdf_loads_with_its_facts(tmp_path: Path, store: MemoryStore) -> None:
    path = tmp_path / "conclusions.pdf"
    path.write_bytes(_pdf(_LINES))
    load_paths(store, [path])
    view = store.view()
    members = {(e.source, e.target) for e in view.edges(["MEMBER_OF"])}
    assert members == {("group:mnla", "coalition:cma")}
    signed = [e for e in view.edges(["SIGNED"]) if e.source == "coalition:cma"]
    assert [(e.target, e.since) for e in signed] == [("commitment:cma-action-plan-2017-03", "2017-03")]


def test_html_is_read_without_its_markup(tmp_path: Path, store: MemoryStore) -> None:
    path = tmp_path / "news.html"
    path.write_text(
        "<html><head><title>x</title><script>var CMA = 1;</script></head><body>"
        "<p>The Coordination des mouvements de l&#8217;Azawad (CMA), which comprises the MNLA, "
        "signed an action plan with the United Nations in March 2017.</p></body></html>",
        encoding="utf-8",
    )
    load_paths(store, [path])
    signed = {(e.source, e.properties["role"]) for e in store.view().edges(["SIGNED"])}
    assert signed == {("coalition:cma", "party"), ("un:united-nations", "counterparty")}
    statements = list(store.view().nodes(["Statement"]))
    assert all("<" not in str(s.properties["text"]) for s in statements)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("blank.txt", b"  \n\n \t\n", "the file is empty"),
        ("binary.txt", bytes(range(256)) * 8, "binary"),
        ("truncated.pdf", _pdf(_LINES)[:150], "the PDF cannot be read"),
        ("not-really.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50, "the PDF cannot be read"),
    ],
)
def test_bad_files_raise_a_clear_load_error_and_leave_the_store_unchanged(
    tmp_path: Path, store: MemoryStore, name: str, content: bytes, message: str
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("\n".join(_LINES), encoding="utf-8")
    load_paths(store, [good])
    before = _snapshot(store)
    bad = tmp_path / name
    bad.write_bytes(content)
    with pytest.raises(LoadError) as caught:
        load_paths(store, [good, bad])
    assert name in str(caught.value)
    assert message in str(caught.value)
    assert caught.value.suggestion
    assert _snapshot(store) == before


def test_latin1_text_loads_and_the_summary_says_so(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("La Coordination des mouvements de l'Azawad (CMA) a signé un plan d'action.".encode("latin-1"))
    result = run_cli("load", str(path), store=tmp_path / "graph.json.gz")
    assert result.returncode == 0, result.stderr
    assert "read as Windows-1252/Latin-1" in result.stdout


def test_a_50_mb_file_is_refused_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing on disk
    store = tmp_path / "graph.json.gz"
    result = run_cli("load", str(path), store=store)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    assert "huge.txt" in result.stderr + result.stdout
    assert "split it" in result.stderr + result.stdout
    assert not store.exists()
