"""HTML: the visible text of block elements, one block each. Scripts,
styles, navigation, templates, code and hidden elements are skipped; the
publication date, title and language come from the head."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from ..document import BlockBuilder, Document
from ..model import LintError
from . import decode_reference, reference_chars

SKIPPED = {"script", "style", "nav", "template", "noscript", "svg", "math", "iframe",
           "code", "pre", "kbd", "samp", "select", "option", "textarea", "button", "head", "object"}
BLOCKS = {
    "p": "paragraph", "div": "paragraph", "section": "paragraph", "article": "paragraph",
    "header": "paragraph", "footer": "paragraph", "aside": "paragraph", "main": "paragraph",
    "form": "paragraph", "table": "paragraph", "tr": "paragraph", "td": "paragraph", "th": "paragraph",
    "dl": "paragraph", "dt": "paragraph", "dd": "paragraph", "address": "paragraph", "body": "paragraph",
    "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading", "h6": "heading",
    "li": "list_item", "ul": "paragraph", "ol": "paragraph",
    "blockquote": "quote", "figcaption": "caption", "caption": "caption", "figure": "paragraph", "hr": "paragraph",
}
CODE = {"code", "pre", "kbd", "samp", "textarea"}  # a comment in these is text, not a switch
HEAD_CONTENT = {"title", "meta", "link", "style", "script", "base", "noscript", "template"}
# End tags HTML lets a writer leave out: the open element ends where one of these starts
P_ENDS = set(BLOCKS) - {"body", "tr", "td", "th", "caption"} | {"pre", "nav", "details", "fieldset", "menu"}
IMPLIED_END = {"p": P_ENDS, "li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "tr": {"tr"},
               "td": {"td", "th", "tr"}, "th": {"td", "th", "tr"}, "option": {"option", "optgroup"},
               "optgroup": {"optgroup"}}
SCOPES = {"html", "body", "ul", "ol", "dl", "table", "tr", "td", "th", "select", "blockquote"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Start tags each start tag may close (an open `p` closes when a `div` starts)
ENDED_BY = {tag: {open_tag for open_tag, enders in IMPLIED_END.items() if tag in enders}
            for tag in set().union(*IMPLIED_END.values())}
MAX_DEPTH = 1_000  # open elements kept; deeper ones are read as part of the deepest
REFERENCE = re.compile(r"&(?:#[xX][0-9a-fA-F]*|#[0-9]*|[A-Za-z][A-Za-z0-9]*);?")
DATE_META = ("article:published_time", "date", "pubdate", "publishdate", "dc.date", "dc.date.issued",
             "datepublished", "og:published_time", "sailthru.date", "parsely-pub-date")


def ends(open_tag: str, tag: str) -> bool:
    """Whether start tag `tag` ends an open `open_tag` that has no end tag."""
    if open_tag == "head":
        return tag not in HEAD_CONTENT
    return tag in IMPLIED_END.get(open_tag, ())


def hidden(attrs: dict) -> bool:
    style = (attrs.get("style") or "").replace(" ", "").lower()
    return ("hidden" in attrs or attrs.get("aria-hidden") == "true"
            or "display:none" in style or "visibility:hidden" in style)


class HTMLReader(HTMLParser):
    """The open elements are a stack; where each tag stands in it is indexed
    (`depths`), so that a start or end tag costs the same however deep the
    nesting (no walk down the stack)."""

    def __init__(self, path: str, source: str):
        super().__init__(convert_charrefs=False)
        self.path, self.source = path, source
        self.newlines = [0] + [m.end() for m in re.finditer("\n", source)]
        self.blocks, self.metadata, self.comments = [], {}, []
        self.current: BlockBuilder | None = None
        self.in_title = False
        self.title = []
        self.stack: list[tuple[str, bool, str]] = []  # open elements: (tag, skipped, block kind)
        self.depths: dict[str, list[int]] = {}  # tag -> its depths in the stack, lowest first
        self.too_deep = False
        self.links: list[tuple[int, int]] = []  # source spans of link elements (for link density)
        self.link_starts: list[int] = []

    def source_offset(self) -> int:
        line, col = self.getpos()
        return self.newlines[line - 1] + col

    # --- blocks -------------------------------------------------------
    def flush(self) -> None:
        if self.current is not None:
            self.current.build_into(self.blocks)
        self.current = None

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def push(self, tag: str, skip: bool, kind: str) -> None:
        starts_skipping = skip and not self.skipping  # kept even too deep, or a script would be read
        if len(self.stack) >= MAX_DEPTH and not starts_skipping:
            self.too_deep = True
            return
        self.depths.setdefault(tag, []).append(len(self.stack))
        self.stack.append((tag, skip, kind))

    def top_depth(self, tags) -> int:
        """The depth of the topmost open element of one of `tags`, or -1."""
        return max((self.depths[t][-1] for t in tags if self.depths.get(t)), default=-1)

    def close_to(self, depth: int) -> None:
        """Close the open elements above `depth`."""
        closed = self.stack[depth:]
        if any(tag in BLOCKS for tag, _, _ in closed):
            self.flush()
        for tag, _, _ in closed:
            self.depths[tag].pop()
        del self.stack[depth:]

    def close_implied(self, tag: str) -> None:
        """Close the elements whose end tags were left out before this start
        tag, down to the nearest scope (a list, a table cell) it does not end."""
        closable = ENDED_BY.get(tag, set()) | ({"head"} if tag not in HEAD_CONTENT else set())
        while True:
            depth = self.top_depth(closable)
            if depth < 0 or depth < self.top_depth(SCOPES - closable):
                return
            self.close_to(depth)

    def text(self, text: str, origin: int) -> None:
        if self.skipping or not text:
            return
        if self.current is None:
            self.current = BlockBuilder(self.stack[-1][2] if self.stack else "paragraph")
        for i, char in enumerate(text):
            if char.isspace():
                if self.current.chars and self.current.chars[-1] == " ":
                    continue
                char = " "
            self.current.add_char(char, origin + i)

    # --- parser events --------------------------------------------------
    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            self.meta(attrs)
        elif tag == "link" and (attrs.get("rel") or "").lower() == "canonical" and attrs.get("href"):
            self.metadata.setdefault("site", urlsplit(attrs["href"]).netloc or None)
        elif tag == "html" and attrs.get("lang"):
            self.metadata["lang"] = attrs["lang"]
        elif tag == "title":
            self.in_title = True
        self.close_implied(tag)
        was_skipping = self.skipping
        skip = was_skipping or ((tag in SKIPPED or hidden(attrs)) and tag not in VOID)
        if tag in BLOCKS or (skip and not was_skipping):
            self.flush()
        if tag not in VOID:
            kind = BLOCKS.get(tag) or (self.stack[-1][2] if self.stack else "paragraph")
            self.push(tag, skip, kind)
        if skip:
            return
        if tag == "a" and attrs.get("href"):
            self.link_starts.append(self.source_offset())
        if tag == "time" and attrs.get("datetime") and "date" not in self.metadata:
            self.metadata.update(date=attrs["datetime"], date_origin="meta")
        if tag in ("br", "img"):
            self.text(" ", self.source_offset())

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag == "a" and self.link_starts:
            self.links.append((self.link_starts.pop(), self.source_offset()))
        if self.depths.get(tag):
            self.close_to(self.depths[tag][-1])

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
            return
        self.text(data, self.source_offset())

    def handle_entityref(self, name):
        self.reference()

    def handle_charref(self, name):
        self.reference()

    def reference(self) -> None:
        """A character or entity reference: what it stands for, each
        character at the `&`; one HTML does not know stays as written."""
        start = self.source_offset()
        m = REFERENCE.match(self.source, start)
        raw = m.group() if m else "&"
        if self.in_title:
            self.title.append(decode_reference(raw) or raw)
            return
        for char, at in reference_chars(raw, start):
            self.text(char, at)

    def handle_comment(self, data):
        if self.in_title or self.top_depth(CODE) >= 0:
            return
        start = self.source_offset()  # of the `<!--`
        end = self.source.find(">", start + 4 + len(data)) + 1  # the close may be `-- >` or `--!>`
        self.comments.append((start, end, data))

    def parse_marked_section(self, i, report=1):
        """`<![...`: Python's parser raises AssertionError on a malformed one
        (`<![x`); it is text then, as browsers show it."""
        where = self.lineno, self.offset
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            self.lineno, self.offset = where  # it moved the position before raising
            self.handle_data(self.rawdata[i:i + 3])
            return i + 3

    def meta(self, attrs: dict) -> None:
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        content = attrs.get("content")
        if content and key in DATE_META and "date" not in self.metadata:
            self.metadata.update(date=content, date_origin="meta")
        elif content and key in ("og:title",) and "title" not in self.metadata:
            self.metadata["title"] = content
        elif content and key == "og:site_name":
            self.metadata["site"] = content

    def read(self) -> Document:
        try:
            self.feed(self.source)
            self.close()
        except AssertionError as exc:  # html.parser's other internal checks
            line, col = self.getpos()
            raise LintError(f"{self.path}:{line}:{col + 1}: HTML the parser cannot read ({exc})") from None
        self.flush()
        if self.too_deep:
            self.metadata.setdefault("warnings", []).append(
                f"{self.path}: elements nested deeper than {MAX_DEPTH} levels are read as part of the one at that depth")
        if self.title and "title" not in self.metadata:
            self.metadata["title"] = " ".join("".join(self.title).split())
        if self.links:
            self.metadata["links"] = sorted(self.links)
        return Document(self.path, self.source, self.blocks, self.metadata, self.comments)


def read_html(path: str, source: str) -> Document:
    return HTMLReader(path, source).read()
