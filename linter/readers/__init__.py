"""Readers turn a file into a Document, one reader a format."""
from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from pathlib import Path

from ..document import Document
from ..model import LintError

FORMATS = {
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
}
STDIN_NAME = "<stdin>"  # what '-' is called without --stdin-filename; its format is sniffed
MAX_FILE_BYTES = 10_000_000  # default of the `max_file_size` setting


def format_of(path: str, declared: str | None = None) -> str:
    return declared or FORMATS.get(Path(path).suffix.lower(), "text")


CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
# Longest first: the UTF-32 LE BOM starts with the UTF-16 LE one.
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(path: str, data: bytes, fmt: str = "text") -> str:
    """UTF-8 text (a BOM is dropped), UTF-16 or UTF-32 text that starts with
    its BOM, or for HTML the charset its <meta> declares; binary or
    undecodable data is an error."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return decode_bom(path, data, codec)
    if b"\x00" in data[:8192]:
        raise LintError(f"{path}: binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        declared = CHARSET.search(data[:4096]) if fmt == "html" else None
        if declared:
            return decode_declared(path, data, declared.group(1).decode("ascii"))
        raise LintError(f"{path}: not UTF-8 text (byte {exc.start}: {data[exc.start:exc.start + 1]!r})") from None


def decode_bom(path: str, data: bytes, codec: str) -> str:
    try:
        text = data.decode(codec)  # the codec reads the BOM and drops it
    except UnicodeDecodeError as exc:
        raise LintError(f"{path}: not valid {codec.upper()} text, as its BOM says (byte {exc.start})") from None
    if "\x00" in text[:8192]:
        raise LintError(f"{path}: binary file, not text")
    return text


def decode_declared(path: str, data: bytes, charset: str) -> str:
    try:
        return data.decode(charset)
    except LookupError:
        raise LintError(f"{path}: not UTF-8, and its declared charset {charset!r} is unknown") from None
    except UnicodeDecodeError as exc:
        raise LintError(f"{path}: not valid {charset} text, as it declares (byte {exc.start})") from None


SURROGATE = re.compile("[\ud800-\udfff]")


def decode_reference(raw: str) -> str | None:
    """The text an HTML character or entity reference (`&amp;`, `&#x41;`)
    stands for, by HTML's rules (surrogates, NUL and out-of-range numbers
    become U+FFFD); None when it is not a reference HTML knows (`&jerry;`),
    which is then left as the literal text it is."""
    from html import unescape as html_unescape  # not imported by a run without references (~1 ms)

    text = html_unescape(raw)
    if text == raw:
        return None
    return SURROGATE.sub("\ufffd", text)


def reference_chars(raw: str, start: int) -> list[tuple[str, int]]:
    """(character, source offset) of what the reference `raw` at `start`
    stands for: one origin per produced character, the `&` for decoded
    ones, their own place for the literal rest (`&notit;` is `¬` + `it;`)."""
    text = decode_reference(raw)
    if text is None:
        return [(char, start + i) for i, char in enumerate(raw)]
    tail = 0
    while tail < len(text) - 1 and text[-1 - tail] == raw[-1 - tail]:
        tail += 1
    head = len(text) - tail
    return [(char, start) for char in text[:head]] + \
        [(char, start + len(raw) - tail + i) for i, char in enumerate(text[head:])]


# Markdown or HTML read from standard input without a name to tell.
HTML_SNIFF = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|article|div|p)[\s>]", re.I | re.S)
MARKDOWN_SNIFF = re.compile(
    r"\A---[ \t]*\r?\n"                       # front matter
    r"|^ {0,3}#{1,6}[ \t]+\S"                # an ATX heading
    r"|^ {0,3}(?:```|~~~)"                   # a code fence
    r"|\[[^\]\n]+\]\([^)\s]+\)"              # an inline link
    r"|^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+\S.*\n {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+\S"  # a list
    r"|^\S.*\n {0,3}(?:=+|-+)[ \t]*$",       # a setext heading
    re.M)


def sniff_format(source: str) -> str:
    """The format of text that came without a file name: html, markdown or text."""
    head = source[:20_000]
    if HTML_SNIFF.match(head):
        return "html"
    if MARKDOWN_SNIFF.search(head):
        return "markdown"
    return "text"


def read_source(path: str, source: str, fmt: str | None = None, page: bool | None = None) -> Document:
    """`page`: for HTML, read a whole web page as its article body (True),
    never (False), or when the page's structure says it is one (None).
    Standard input without a name (`<stdin>`) has its format sniffed."""
    fmt = sniff_format(source) if fmt is None and path == STDIN_NAME else format_of(path, fmt)
    if fmt == "markdown":
        from .markdown import read_markdown as reader
    elif fmt == "html":
        from .page import read_html_or_page

        return read_html_or_page(path, source, page)
    else:
        from .text import read_text as reader
    return reader(path, source)


def check_file(path: str, st: os.stat_result, max_bytes: int | None) -> None:
    """Refuse what cannot be read as a file of text: a FIFO or device
    (reading would block or never end), a folder, a file over the size limit."""
    if stat.S_ISDIR(st.st_mode):
        raise LintError(f"{path}: is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        kind = ("a FIFO" if stat.S_ISFIFO(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode)
                else "a device")
        raise LintError(f"{path}: {kind}, not a regular file; skipped")
    if max_bytes and st.st_size > max_bytes:
        raise LintError(f"{path}: {st.st_size:,} bytes, over the size limit of {max_bytes:,} "
                        f"(setting max_file_size); skipped")


def read_bytes(path: str, max_bytes: int | None = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file. Opened without blocking and checked
    before it is read, so a FIFO never hangs the run."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise LintError(f"{path}: symlink loop (too many levels of symbolic links); skipped") from None
        raise LintError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        check_file(path, os.fstat(fd), max_bytes)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(max_bytes + 1) if max_bytes else fh.read()
    except OSError as exc:
        raise LintError(f"{path}: cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if max_bytes and len(data) > max_bytes:  # it grew after the check
        raise LintError(f"{path}: over the size limit of {max_bytes:,} bytes (setting max_file_size); skipped")
    return data


def read_path(path: str, fmt: str | None = None, page: bool | None = None,
              max_bytes: int | None = MAX_FILE_BYTES) -> Document:
    data = read_bytes(path, max_bytes)
    return read_source(path, decode(path, data, format_of(path, fmt)), fmt, page)
