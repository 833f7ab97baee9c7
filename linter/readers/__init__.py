"""Readers turn a file into a Document, one reader a format."""
from __future__ import annotations

import re
from pathlib import Path

from ..document import Document
from ..model import LintError

FORMATS = {
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
}


def format_of(path: str, declared: str | None = None) -> str:
    return declared or FORMATS.get(Path(path).suffix.lower(), "text")


CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


def decode(path: str, data: bytes, fmt: str = "text") -> str:
    """UTF-8 text (a BOM is dropped), or for HTML the charset its <meta>
    declares; binary or undecodable data is an error."""
    if b"\x00" in data[:8192]:
        raise LintError(f"{path}: binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        declared = CHARSET.search(data[:4096]) if fmt == "html" else None
        if declared:
            return decode_declared(path, data, declared.group(1).decode("ascii"))
        raise LintError(f"{path}: not UTF-8 text (byte {exc.start}: {data[exc.start:exc.start + 1]!r})") from None


def decode_declared(path: str, data: bytes, charset: str) -> str:
    try:
        return data.decode(charset)
    except LookupError:
        raise LintError(f"{path}: not UTF-8, and its declared charset {charset!r} is unknown") from None
    except UnicodeDecodeError as exc:
        raise LintError(f"{path}: not valid {charset} text, as it declares (byte {exc.start})") from None


def read_source(path: str, source: str, fmt: str | None = None, page: bool | None = None) -> Document:
    """`page`: for HTML, read a whole web page as its article body (True),
    never (False), or when the page's structure says it is one (None)."""
    fmt = format_of(path, fmt)
    if fmt == "markdown":
        from .markdown import read_markdown as reader
    elif fmt == "html":
        from .page import read_html_or_page

        return read_html_or_page(path, source, page)
    else:
        from .text import read_text as reader
    return reader(path, source)


def read_path(path: str, fmt: str | None = None, page: bool | None = None) -> Document:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise LintError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return read_source(path, decode(path, data, format_of(path, fmt)), fmt, page)
