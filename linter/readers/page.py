"""Page mode: a whole published web page (menus, footers, galleries around
one story) is linted as its story only.

The page is read by the HTML reader as any HTML is, so every character
keeps its exact origin in the file. trafilatura (imported only here, only
for a whole page) finds the article body; its text is aligned word by word
onto the reader's blocks, and the body is the stretches of those blocks that
it covers, plus the headline above it. The linted text is thus always the
reader's own text, never trafilatura's, and findings point into the file.

Whether an HTML input is a whole page is decided from evidence the reader
collects: a document (`<html>`/`<head>`/`<body>`) with site chrome around
the story (many links, navigation, header, footer and sidebar elements).
A CMS draft (a fragment) is read as before.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from ..document import Block, Document
from .html import HTMLReader

# Page alignment matches the extractor's words to the page's blocks word by word:
# plain \w+ runs (a hyphen or an apostrophe splits them), which is what the run and
# share thresholds below count; not lexicon.WORD on purpose.
ALIGN_WORD = re.compile(r"\w+")
DOCUMENT_TAGS = {"html", "head", "body"}
CHROME_TAGS = {"nav", "header", "footer", "aside", "menu"}
CHROME_NAMES = re.compile(r"(?:^|[\s_-])(?:nav|navbar|menu|footer|header|sidebar|masthead|breadcrumbs?)(?:$|[\s_-])", re.I)
ASSET_TAGS = {"script", "link"}
SOCIAL_META = re.compile(r"(?:og|twitter|fb|article):")
PAGE_MIN_LINKS = 25        # a page's template links to the rest of the site...
PAGE_MIN_CHROME = 3        # ...or has this many navigation/header/footer/sidebar elements
PAGE_MIN_ASSETS = 8        # ...or loads this many scripts and stylesheets, social-card tags included
RUN_MIN_WORDS = 3          # a stretch of a block is body where it is part of a run of this many matched words
LINE_MIN_SHARE = 0.5       # or holds at least this share of an extracted line's words (short lines: subheads)
TITLE_MIN_SIMILARITY = 0.8
STANDFIRST_MIN_WORDS = 6
DESCRIPTION_META = ("og:description", "description", "twitter:description")
SITE_NAME = re.compile(r"\s+[|\u2013\u2014-]\s+")  # "Headline - Site" / "Site | Headline"


@dataclass
class PageEvidence:
    """What the reader saw of the page's structure."""

    document_tags: set = field(default_factory=set)
    links: int = 0
    chrome: int = 0
    assets: int = 0  # scripts, stylesheets and social-card meta tags a site's template adds

    @property
    def whole_page(self) -> bool:
        return bool(self.document_tags) and (self.links >= PAGE_MIN_LINKS or self.chrome >= PAGE_MIN_CHROME
                                           or self.assets >= PAGE_MIN_ASSETS)

    def describe(self) -> str:
        tags = "/".join(sorted(self.document_tags)) or "none"
        return f"document tags {tags}, {self.links} links, {self.chrome} chrome elements, {self.assets} assets"


class EvidenceReader(HTMLReader):
    """The HTML reader, counting the structure that tells a page from a fragment."""

    def __init__(self, path: str, source: str):
        super().__init__(path, source)
        self.evidence = PageEvidence()
        self.description = ""  # the page's summary (og:description...): its standfirst, often word for word

    def handle_starttag(self, tag, attrs):
        if tag in DOCUMENT_TAGS:
            self.evidence.document_tags.add(tag)
        elif tag == "a" and any(k == "href" for k, _ in attrs):
            self.evidence.links += 1
        elif tag in ASSET_TAGS or (tag == "meta" and SOCIAL_META.match(meta_key(attrs))):
            self.evidence.assets += 1
        if tag == "meta" and meta_key(attrs) in DESCRIPTION_META and not self.description:
            self.description = dict(attrs).get("content") or ""
        names = " ".join(v or "" for k, v in attrs if k in ("id", "class", "role"))
        if tag in CHROME_TAGS or (names and CHROME_NAMES.search(names)):
            self.evidence.chrome += 1
        super().handle_starttag(tag, attrs)


def meta_key(attrs) -> str:
    return next((v or "" for k, v in attrs if k in ("property", "name")), "").lower()


def read_html_or_page(path: str, source: str, page: bool | None = None) -> Document:
    """HTML as a fragment, or, when it is a whole page (or `page` is True),
    as its article body. `page` False forces fragment reading."""
    reader = EvidenceReader(path, source)
    doc = reader.read()
    doc.metadata["page_evidence"] = reader.evidence.describe()
    if page is False or (page is None and not reader.evidence.whole_page):
        return doc
    return body_of(doc, reader.description)


def body_of(doc: Document, description: str = "") -> Document:
    """The Document cut to the article body trafilatura finds, with the
    headline and standfirst above it; the whole page if it finds none."""
    extracted = extract_text(doc.source)
    blocks = align(doc.blocks, extracted) if extracted else []
    if not blocks:
        doc.metadata["page"] = "no article body found: the whole page is linted"
        return doc
    headline = find_headline(doc, blocks)
    if headline is not None:
        blocks[:0] = [headline, *standfirst(doc, headline.index, blocks[0].index, description)]
    for index, block in enumerate(blocks):
        block.index = index
    metadata = {**doc.metadata, "page": "article body"}
    return Document(doc.path, doc.source, blocks, metadata, doc.comments)


def extract_text(source: str) -> str:
    import trafilatura  # heavy (lxml, justext, htmldate): only for whole pages

    text = trafilatura.extract(source, include_comments=False, include_tables=True,
                               favor_precision=True, deduplicate=False)
    return text or ""


@dataclass(frozen=True)
class Word:
    norm: str
    where: int  # block index (reader) or line index (extracted text)
    start: int
    end: int


def words_of(texts: list[str]) -> list[Word]:
    return [Word(m.group().casefold(), i, m.start(), m.end())
            for i, text in enumerate(texts) for m in ALIGN_WORD.finditer(text)]


def align(blocks: list[Block], extracted: str) -> list[Block]:
    """The stretches of the reader's blocks that the extracted text covers:
    for each extracted line and each block its words were matched in, the
    block text from the first matched word to the last."""
    lines = extracted.split("\n")
    page_words = words_of([b.text for b in blocks])
    body_words = words_of(lines)
    matcher = SequenceMatcher(None, [w.norm for w in page_words], [w.norm for w in body_words], autojunk=False)
    # (block, line) -> [first start, last end, words matched, longest run of matched words it is part of]
    spans: dict[tuple[int, int], list[int]] = {}
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            pw, bw = page_words[a + k], body_words[b + k]
            span = spans.setdefault((pw.where, bw.where), [pw.start, pw.end, 0, 0])
            span[0], span[1] = min(span[0], pw.start), max(span[1], pw.end)
            span[2], span[3] = span[2] + 1, max(span[3], size)
    line_sizes = [len(ALIGN_WORD.findall(line)) for line in lines]
    kept = []
    for (block_index, line_index), (start, end, matched, run) in sorted(spans.items()):
        if run >= RUN_MIN_WORDS or matched >= LINE_MIN_SHARE * line_sizes[line_index]:
            kept.append(cut(blocks[block_index], start, end))
    return merge_adjacent(kept)


def cut(block: Block, start: int, end: int) -> Block:
    """block.text[start:end], widened to the block's edges when only
    punctuation lies beyond (a closing quote or full stop is part of the line)."""
    text = block.text
    if not ALIGN_WORD.search(text[end:]):
        end = len(text)
    if not ALIGN_WORD.search(text[:start]):
        start = 0
    return Block(block.kind, text[start:end], block.origins[start:end], block.index)


def merge_adjacent(pieces: list[Block]) -> list[Block]:
    """Pieces of one block that touch or overlap (two extracted lines from
    one reader block) become one piece."""
    out: list[Block] = []
    for piece in pieces:
        last = out[-1] if out else None
        if last is not None and last.index == piece.index and piece.origins[0] <= last.origins[-1] + 2:
            out[-1] = join(last, piece)
        else:
            out.append(piece)
    return out


def join(first: Block, second: Block) -> Block:
    """Two pieces of one reader block, in order (the second may overlap the first)."""
    keep = [i for i, o in enumerate(second.origins) if o > first.origins[-1]]
    if not keep:
        return first
    from array import array

    gap = " " if second.origins[keep[0]] > first.origins[-1] + 1 and not first.text.endswith(" ") else ""
    origins = array("l", first.origins)
    if gap:
        origins.append(first.origins[-1] + 1)
    origins.extend(second.origins[keep[0]:])
    return Block(first.kind, first.text + gap + second.text[keep[0]:], origins, first.index)


def find_headline(doc: Document, body: list[Block]) -> Block | None:
    """The page's headline: the heading block before the body that reads as
    the page's title (og:title, or <title> less the site name)."""
    raw = doc.metadata.get("title", "")
    title = normal(max(SITE_NAME.split(raw), key=len))  # the longest piece: not the site name
    if not title:
        return None
    first = body[0].index
    candidates = [b for b in doc.blocks[:first] if b.kind == "heading"] or doc.blocks[:first]
    for block in reversed(candidates):
        text = normal(block.text)
        if text and SequenceMatcher(None, text, title).ratio() >= TITLE_MIN_SIMILARITY:
            return Block("heading", block.text, block.origins, block.index)
    return None


def standfirst(doc: Document, headline: int, body: int, description: str) -> list[Block]:
    """The blocks between the headline and the body that give the page's
    description (the standfirst, or dek), which extraction often leaves out."""
    summary = normal(description)
    if len(summary.split()) < STANDFIRST_MIN_WORDS:
        return []
    out = []
    for block in doc.blocks[headline + 1:body]:
        text = normal(block.text)
        if len(text.split()) >= STANDFIRST_MIN_WORDS and (
                text.startswith(summary) or summary.startswith(text)
                or SequenceMatcher(None, text, summary).ratio() >= TITLE_MIN_SIMILARITY):
            out.append(block)
    return out


def normal(text: str) -> str:
    return " ".join(ALIGN_WORD.findall(text.casefold()))
