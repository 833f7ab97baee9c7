"""Markdown: YAML front matter becomes metadata; headings, paragraphs, list
items, block quotes and table cells become blocks. Code (fenced, indented,
inline), URLs, link targets, images, HTML tags and comments are not prose.
Inline code and bare URLs leave one placeholder character so that the words
around them do not run together."""
from __future__ import annotations

import re

from ..document import BlockBuilder, Document
from ..model import one_line
from ..yamlutil import YAMLError, load_yaml
from . import reference_chars
from .text import lines_with_offsets

PLACEHOLDER = "\ufffc"  # stands for code or a URL: not a word, not punctuation
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)")
SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
LIST_ITEM = re.compile(r"^( {0,3})([-*+]|\d{1,9}[.)])([ \t]+|$)")
QUOTE = re.compile(r"^ {0,3}> ?")
REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+")
TABLE_DIVIDER = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
HTML_LINE = re.compile(r"^ {0,3}</?[A-Za-z][^>]*>\s*$")
RAW_HTML = re.compile(r"^ {0,3}<(script|pre|style|textarea)(?:[\s>]|$)", re.I)  # raw up to its end tag

INLINE = re.compile(
    r"(?P<code>(`+)(?:.+?)\2)"
    r"|(?P<image>!\[[^\]]*\]\([^)]*\))"
    r"|(?P<link>\[(?P<label>[^\]]*)\]\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\"]*\")?\))"
    r"|(?P<reflink>\[(?P<reflabel>[^\]]+)\]\[[^\]]*\])"
    r"|(?P<autolink><(?:https?://|mailto:)[^>]+>)"
    r"|(?P<comment><!--.*?-->)"
    r"|(?P<open_comment><!--.*)"  # closes on a later line
    r"|(?P<tag></?[A-Za-z][^>]*>)"
    r"|(?P<url>\bhttps?://[^\s<>()]+[^\s<>().,;:!?'\"])"
    r"|(?P<entity>&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)"
    r"|(?P<escape>\\[!-/:-@\[-`{-~])"
    r"|(?P<emphasis>(?<![\w\\])[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}(?!\w))",
    re.S,
)


def front_matter(path: str, lines, warnings: list[str]) -> tuple[dict, int]:
    """(metadata, number of lines it takes) of YAML front matter, if any.
    Front matter that is never closed, is not YAML or is not a mapping is
    reported in `warnings`; unclosed, the lines are read as prose."""
    if not lines or lines[0][1].strip() != "---":
        return {}, 0
    for n, (_, line) in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            return front_matter_data(path, "\n".join(l for _, l in lines[1:n]), warnings), n + 1
    warnings.append(f"{path}: the front matter opened on line 1 is never closed (no '---' line); read as text")
    return {}, 0


def front_matter_data(path: str, text: str, warnings: list[str]) -> dict:
    try:
        data = load_yaml(text) or {}
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark else ""
        problem = one_line(getattr(exc, "problem", None) or exc, 300)
        warnings.append(f"{path}: the front matter is not valid YAML{where}: {problem}; ignored")
        return {}
    if not isinstance(data, dict):
        warnings.append(f"{path}: the front matter is not a mapping of fields; ignored")
        return {}
    return data


def metadata_of(data: dict) -> dict:
    meta = {}
    for key in ("title", "lang", "language"):
        if data.get(key):
            meta["lang" if key == "language" else key] = str(data[key])
    for key in ("date", "published", "pubdate", "publishDate"):
        if data.get(key):
            meta["date"] = str(data[key])
            meta["date_origin"] = "front matter"
            break
    return meta


class MarkdownReader:
    def __init__(self, path: str, source: str):
        self.path, self.source = path, source
        self.blocks = []
        self.current: BlockBuilder | None = None
        self.comments: list[tuple[int, int, str]] = []
        self.comment_start: int | None = None  # source offset of a comment still open

    def flush(self) -> None:
        if self.current is not None:
            self.current.build_into(self.blocks)
        self.current = None

    def start(self, kind: str) -> None:
        self.flush()
        self.current = BlockBuilder(kind)

    def add_line(self, kind: str, text: str, origin: int, newline_at: int) -> None:
        """Continue the open block of this kind, or start one."""
        if self.current is None or self.current.kind != kind:
            self.start(kind)
        elif self.current.chars:
            self.current.add_char(" ", newline_at)
        self.add_inline(self.current, text, origin)

    def add_inline(self, builder: BlockBuilder, text: str, origin: int) -> None:
        """Add one line of Markdown source, stripped of inline markup."""
        pos = 0
        for m in INLINE.finditer(text):
            builder.add(text[pos:m.start()], origin + pos)
            kind = m.lastgroup
            if kind in ("code", "url", "autolink"):
                builder.add_char(PLACEHOLDER, origin + m.start())
            elif kind == "link":
                self.add_inline(builder, m.group("label"), origin + m.start("label"))
            elif kind == "reflink":
                self.add_inline(builder, m.group("reflabel"), origin + m.start("reflabel"))
            elif kind == "entity":
                add_reference(builder, m.group(), origin + m.start())
            elif kind == "escape":
                builder.add_char(m.group()[1], origin + m.start() + 1)
            elif kind == "tag" and re.match(r"<br\b", m.group(), re.I):
                builder.add_char(" ", origin + m.start())
            elif kind == "comment":
                self.close_comment(origin + m.start(), origin + m.end())
            elif kind == "open_comment":
                self.comment_start = origin + m.start()
            pos = m.end()
        builder.add(text[pos:], origin + pos)

    def close_comment(self, start: int, end: int) -> None:
        self.comments.append((start, end, self.source[start + 4:end - 3]))
        self.comment_start = None

    def comment_line(self, line: str, offset: int) -> None:
        """A line inside an open comment: the text after its `-->` is prose."""
        close = line.find("-->")
        if close < 0:
            return
        self.close_comment(self.comment_start, offset + close + 3)
        if self.current is None:
            self.start("paragraph")
        self.add_inline(self.current, line[close + 3:], offset + close + 3)

    def read(self) -> Document:
        lines = list(lines_with_offsets(self.source))
        warnings: list[str] = []
        data, skip = front_matter(self.path, lines, warnings)
        raw_end, previous_blank = None, True  # raw_end: the line that ends a code or raw HTML block
        for offset, line in lines[skip:]:
            stripped = line.strip()
            if raw_end:
                if raw_end.search(line):
                    raw_end = None
                continue
            if self.comment_start is not None:
                self.comment_line(line, offset)
                previous_blank = False
                continue
            if m := FENCE.match(line):
                self.flush()
                raw_end = re.compile(rf"^ {{0,3}}{re.escape(m.group(1)[0])}{{{len(m.group(1))},}}\s*$")
                continue
            if m := RAW_HTML.match(line):
                self.flush()
                raw_end = re.compile(rf"</{m.group(1)}>", re.I)
                if raw_end.search(line, m.end()):
                    raw_end = None
                continue
            if not stripped:
                self.flush()
                previous_blank = True
                continue
            self.block_line(line, offset, previous_blank)
            previous_blank = False
        self.flush()
        metadata = metadata_of(data)
        if warnings:
            metadata["warnings"] = warnings
        return Document(self.path, self.source, self.blocks, metadata, self.comments)

    def block_line(self, line: str, offset: int, previous_blank: bool) -> None:
        newline_at = max(offset - 1, 0)
        if (line.startswith("    ") or line.startswith("\t")) and previous_blank and \
                (self.current is None or self.current.kind != "list_item"):
            self.flush()  # an indented code block
            return
        if line.lstrip().startswith("<!--"):  # an HTML block: text after its end is still prose
            self.start("paragraph")
            self.add_inline(self.current, line, offset)
            return
        if REFERENCE.match(line) or RULE.match(line) or HTML_LINE.match(line) or TABLE_DIVIDER.match(line) and "|" in line:
            self.flush()
            return
        if SETEXT.match(line) and self.current is not None and self.current.kind == "paragraph":
            self.current.kind = "heading"
            self.flush()
            return
        if m := HEADING.match(line):
            self.start("heading")
            text = re.sub(r"[ \t]+#+[ \t]*$", "", line[m.end():])
            self.add_inline(self.current, text, offset + m.end())
            self.flush()
            return
        if m := QUOTE.match(line):
            self.add_line("quote", line[m.end():], offset + m.end(), newline_at)
            return
        if m := LIST_ITEM.match(line):
            self.start("list_item")
            self.add_inline(self.current, line[m.end():], offset + m.end())
            return
        if "|" in line and line.strip().startswith("|"):
            self.table_row(line, offset)
            return
        kind = self.current.kind if self.current is not None else "paragraph"
        self.add_line(kind, line.lstrip(), offset + len(line) - len(line.lstrip()), newline_at)

    def table_row(self, line: str, offset: int) -> None:
        self.flush()
        for m in re.finditer(r"[^|]+", line):
            if m.group().strip():
                self.start("paragraph")
                self.add_inline(self.current, m.group(), offset + m.start())
        self.flush()


def add_reference(builder: BlockBuilder, raw: str, origin: int) -> None:
    """An entity or character reference: what it stands for, every character
    of it at the `&`; one HTML does not know stays the text it is."""
    for char, at in reference_chars(raw, origin):
        builder.add_char(char, at)


def read_markdown(path: str, source: str) -> Document:
    return MarkdownReader(path, source).read()
