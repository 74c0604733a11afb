"""Read a document file into text: UTF-8 (or Latin-1) text, PDF through pypdf, HTML without tags.

Every failure is a ``LoadError`` naming the file and what to do: an empty file, a binary file, a
PDF that cannot be parsed (truncated, encrypted, scanned without text), or a file above the size
limit. Text that is not UTF-8 is read as Windows-1252/Latin-1 and the load notes it.
"""

from __future__ import annotations

import html
import io
import logging
import re
from html.parser import HTMLParser
from pathlib import Path

from graph.errors import LoadError

MAX_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".text")
PDF_SUFFIXES = (".pdf",)
HTML_SUFFIXES = (".html", ".htm")
SUFFIXES = TEXT_SUFFIXES + PDF_SUFFIXES + HTML_SUFFIXES


def read_document(path: Path, notes: list[str]) -> str:
    """The text of ``path``; ``notes`` receives remarks for the load summary."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise LoadError(
                str(path),
                "",
                f"the file is {size / 1e6:.1f} MB, above the {MAX_BYTES // 2**20} MiB limit for one document",
                "split it into smaller documents, or load only the part that holds the text",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(
            str(path), "", f"cannot be read ({exc.strerror or exc})", "check the path and permissions"
        ) from exc
    if not data.strip():
        raise LoadError(str(path), "", "the file is empty", "load a file that holds the document's text")
    if path.suffix.lower() in PDF_SUFFIXES or data.startswith(b"%PDF"):
        text = _pdf_text(path, data)
    else:
        text = _decode(path, data, notes)
        if path.suffix.lower() in HTML_SUFFIXES or re.match(rb"\s*<(?:!doctype html|html)", data[:200], re.IGNORECASE):
            text = html_text(text)
    if not text.strip():
        raise LoadError(str(path), "", "no text could be read from the file", "for a scanned PDF, run OCR first")
    return text


def _decode(path: Path, data: bytes, notes: list[str]) -> str:
    nul = data.find(b"\x00", 0, 8192)
    if nul >= 0 and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError(str(path), f"byte {nul}", "the file is binary, not text", "load a .txt, .pdf or .html document")
    for encoding in ("utf-8-sig", "utf-16"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    notes.append(f"{path.name}: not UTF-8, read as Windows-1252/Latin-1")
    text = data.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\r\n\t\f")
    if controls > len(text[:8192]) // 20:
        raise LoadError(str(path), "", "the file is binary, not text", "load a .txt, .pdf or .html document")
    return text


def _pdf_text(path: Path, data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise LoadError(str(path), "", "the PDF is encrypted", "save an unencrypted copy and load that")
        pages = [page.extract_text() or "" for page in reader.pages]
    except LoadError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError) as exc:
        raise LoadError(
            str(path),
            "",
            f"the PDF cannot be read ({type(exc).__name__}: {exc})",
            "check that the file is a complete PDF",
        ) from exc
    return "\n".join(pages)


class _TextParser(HTMLParser):
    _SKIP = frozenset({"script", "style", "head", "nav", "footer", "noscript"})
    _BLOCK = frozenset(
        {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "ul", "ol"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")
            if tag == "li":
                self.parts.append("• ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self.skipping:
            self.skipping -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data.replace("\n", " "))


def html_text(markup: str) -> str:
    """The visible text of an HTML page, one block per line."""
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    return html.unescape("".join(parser.parts))
