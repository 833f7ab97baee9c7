"""HTML: the visible text of block elements, one block each. Scripts,
styles, navigation, templates, code and hidden elements are skipped; the
publication date, title and language come from the head."""
from __future__ import annotations

from html.entities import name2codepoint
from html.parser import HTMLParser

from ..document import BlockBuilder, Document

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
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
DATE_META = ("article:published_time", "date", "pubdate", "publishdate", "dc.date", "dc.date.issued",
             "datepublished", "og:published_time", "sailthru.date", "parsely-pub-date")


def hidden(attrs: dict) -> bool:
    style = (attrs.get("style") or "").replace(" ", "").lower()
    return ("hidden" in attrs or attrs.get("aria-hidden") == "true"
            or "display:none" in style or "visibility:hidden" in style)


class HTMLReader(HTMLParser):
    def __init__(self, path: str, source: str):
        super().__init__(convert_charrefs=False)
        self.path, self.source = path, source
        self.newlines = [0] + [i + 1 for i, c in enumerate(source) if c == "\n"]
        self.blocks, self.metadata, self.comments = [], {}, []
        self.current: BlockBuilder | None = None
        self.skip_stack: list[str] = []
        self.in_title = False
        self.title = []
        self.kind_stack: list[str] = []
        self.code_depth = 0

    def source_offset(self) -> int:
        line, col = self.getpos()
        return self.newlines[line - 1] + col

    # --- blocks -------------------------------------------------------
    def flush(self) -> None:
        if self.current is not None:
            block = self.current.build(len(self.blocks))
            if block is not None:
                self.blocks.append(block)
        self.current = None

    def text(self, text: str, origin: int) -> None:
        if self.skip_stack or not text:
            return
        if self.current is None:
            self.current = BlockBuilder(self.kind_stack[-1] if self.kind_stack else "paragraph")
        for i, char in enumerate(text):
            if char.isspace():
                if self.current.chars and self.current.chars[-1] == " ":
                    continue
                char = " "
            self.current.add_char(char, origin + i)

    # --- parser events --------------------------------------------------
    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.code_depth += tag in CODE
        if tag == "meta":
            self.meta(attrs)
        elif tag == "html" and attrs.get("lang"):
            self.metadata["lang"] = attrs["lang"]
        elif tag == "title":
            self.in_title = True
        if self.skip_stack:
            if tag == self.skip_stack[-1] and tag not in VOID:
                self.skip_stack.append(tag)
            return
        if (tag in SKIPPED or hidden(attrs)) and tag not in VOID:
            self.flush()
            self.skip_stack.append(tag)
            return
        if tag == "time" and attrs.get("datetime") and "date" not in self.metadata:
            self.metadata.update(date=attrs["datetime"], date_origin="meta")
        if tag in BLOCKS:
            self.flush()
            if tag not in VOID:
                self.kind_stack.append(BLOCKS[tag])
        elif tag in ("br", "img"):
            self.text(" ", self.source_offset())

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag in CODE and self.code_depth:
            self.code_depth -= 1
        if self.skip_stack:
            if tag == self.skip_stack[-1]:
                self.skip_stack.pop()
            return
        if tag in BLOCKS and tag not in VOID:
            self.flush()
            if self.kind_stack:
                self.kind_stack.pop()

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
            return
        self.text(data, self.source_offset())

    def handle_entityref(self, name):
        self.entity(chr(name2codepoint[name]) if name in name2codepoint else f"&{name}")

    def handle_charref(self, name):
        try:
            char = chr(int(name[1:], 16) if name[:1] in "xX" else int(name))
        except (ValueError, OverflowError):
            char = "\ufffd"
        self.entity(char)

    def entity(self, char: str) -> None:
        if self.in_title:
            self.title.append(char)
        else:
            self.text(char, self.source_offset())

    def handle_comment(self, data):
        if self.code_depth or self.in_title:
            return
        start = self.source_offset()  # of the `<!--`
        end = self.source.find(">", start + 4 + len(data)) + 1  # the close may be `-- >` or `--!>`
        self.comments.append((start, end, data))

    def meta(self, attrs: dict) -> None:
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        content = attrs.get("content")
        if content and key in DATE_META and "date" not in self.metadata:
            self.metadata.update(date=content, date_origin="meta")
        elif content and key in ("og:title",) and "title" not in self.metadata:
            self.metadata["title"] = content

    def read(self) -> Document:
        self.feed(self.source)
        self.close()
        self.flush()
        if self.title and "title" not in self.metadata:
            self.metadata["title"] = " ".join("".join(self.title).split())
        return Document(self.path, self.source, self.blocks, self.metadata, self.comments)


def read_html(path: str, source: str) -> Document:
    return HTMLReader(path, source).read()
