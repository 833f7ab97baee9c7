"""Readers: every character of extracted prose maps back to its place in the file."""
import pytest

from linter.model import LintError
from linter.readers import decode, read_source


def assert_exact_map(doc, skip=("\ufffc", " ")):
    """Each extracted character equals the source character it points at
    (placeholders, entities and joined line breaks excepted)."""
    for block in doc.blocks:
        for i, char in enumerate(block.text):
            origin = block.origins[i]
            if char not in skip and doc.source[origin] not in "&\\":
                assert doc.source[origin] == char, (block.text, i)


def texts(doc):
    return [b.text for b in doc.blocks]


def test_plain_text_one_block_per_line_with_crlf():
    doc = read_source("a.txt", "First line.\r\nSecond line here.\r\n")
    assert texts(doc) == ["First line.", "Second line here."]
    assert doc.span(doc.blocks[1], 0, 6) == (2, 1, 2, 6)
    assert_exact_map(doc)


def test_plain_text_hard_wrapped_paragraphs_are_joined():
    doc = read_source("a.txt", "A wrapped\nparagraph here.\n\nAnother one.\n")
    assert texts(doc) == ["A wrapped paragraph here.", "Another one."]
    block = doc.blocks[0]
    start = block.text.index("paragraph")
    assert doc.span(block, start, start + 9) == (2, 1, 2, 9)


def test_bom_is_dropped_and_binary_or_latin1_is_an_error():
    assert decode("a.txt", "\ufeffHello".encode("utf-8")) == "Hello"
    with pytest.raises(LintError, match=r"^b.bin: binary file"):
        decode("b.bin", b"\x89PNG\x00\x00\x01")
    with pytest.raises(LintError, match=r"^c.txt: not UTF-8"):
        decode("c.txt", "café".encode("latin-1"))


MARKDOWN = """---
title: Talks resume
date: 2025-05-19
---
# Talks *resume* in Istanbul

Delegates met at the `Dolmabahce` palace, see [the report](https://example.com/r "R")
and https://example.com/x for more &amp; less.

```python
print("not prose")
```

    indented code is not prose either

<!-- a comment that is not prose -->
- first item
- second item with **bold**

> A quoted line
> that goes on.

| Name | Role |
|------|------|
| Rubio | Secretary |
"""


def test_markdown_front_matter_is_metadata_not_prose():
    doc = read_source("a.md", MARKDOWN)
    assert doc.metadata["title"] == "Talks resume"
    assert doc.metadata["date"] == "2025-05-19" and doc.metadata["date_origin"] == "front matter"
    assert not any("title:" in t for t in texts(doc))


def test_markdown_blocks_and_what_is_not_prose():
    doc = read_source("a.md", MARKDOWN)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "Talks resume in Istanbul"),
        ("paragraph", "Delegates met at the \ufffc palace, see the report and \ufffc for more & less."),
        ("list_item", "first item"),
        ("list_item", "second item with bold"),
        ("quote", "A quoted line that goes on."),
        ("paragraph", "Name"), ("paragraph", "Role"), ("paragraph", "Rubio"), ("paragraph", "Secretary"),
    ]
    assert_exact_map(doc)


def test_markdown_positions_point_into_the_file():
    doc = read_source("a.md", MARKDOWN)
    block = doc.blocks[1]
    start = block.text.index("the report")
    line, col, end_line, end_col = doc.span(block, start, start + len("the report"))
    assert (line, end_line) == (7, 7)
    assert MARKDOWN.splitlines()[6][col - 1:end_col] == "the report"
    start = block.text.index("for more")
    assert doc.span(block, start, start + 3)[0] == 8


HTML = """<!doctype html>
<html lang="en"><head><title>Ignored &amp; title</title>
<meta property="article:published_time" content="2025-03-17T08:00:00Z">
<style>p { color: red }</style><script>var s = "not prose";</script></head>
<body><nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<article><h1>Leaders&nbsp;talk</h1>
<p>The call <a href="/x">lasted</a> two
   hours, officials said&#8217;s.</p>
<div hidden>Hidden text</div><p style="display: none">Also hidden</p>
<figure><img src="x.jpg"><figcaption>Photo: Reuters</figcaption></figure>
<pre>code block</pre><template><p>template</p></template>
<ul><li>One</li><li>Two</li></ul></article></body></html>
"""


def test_html_visible_block_text_only():
    doc = read_source("a.html", HTML)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "Leaders talk"),
        ("paragraph", "The call lasted two hours, officials said\u2019s."),
        ("caption", "Photo: Reuters"),
        ("list_item", "One"), ("list_item", "Two"),
    ]
    assert doc.metadata["date"] == "2025-03-17T08:00:00Z" and doc.metadata["lang"] == "en"


def test_html_positions_and_entities_map_back():
    doc = read_source("a.html", HTML)
    block = doc.blocks[1]
    start = block.text.index("hours")
    line, col, _, end_col = doc.span(block, start, start + 5)
    assert HTML.splitlines()[line - 1][col - 1:end_col] == "hours"
    apostrophe = block.text.index("\u2019")
    line, col, _, _ = doc.span(block, apostrophe, apostrophe + 1)
    assert HTML.splitlines()[line - 1][col - 1:].startswith("&#8217;")


def test_columns_count_characters_not_bytes():
    doc = read_source("a.txt", "Ça va 🙂 bien, Kiev.\n")
    block = doc.blocks[0]
    start = block.text.index("Kiev")
    assert doc.span(block, start, start + 4) == (1, 15, 1, 18)


# --- comments: the only place in-text switches may come from -------------

def assert_comments(doc, bodies):
    """doc.comments are (start, end, body) of real comments, in order."""
    for start, end, body in doc.comments:
        assert doc.source[start:end] == f"<!--{body}-->"
    assert [body.strip() for _, _, body in doc.comments] == bodies


COMMENTED_MARKDOWN = """---
note: "<!-- artlint-disable front -->"
---
<!-- artlint-disable one -->
Text before <!-- artlint-disable two
  still in the comment --> and after.

```html
<!-- artlint-disable fenced -->
```

    <!-- artlint-disable indented -->

Inline `<!-- artlint-disable code -->` code.

<script>
var s = "<!-- artlint-disable script -->";
</script>

<!-- artlint-enable --> Visible tail.
- item <!-- three -->done
"""


def test_markdown_comments_come_only_from_real_comments():
    doc = read_source("a.md", COMMENTED_MARKDOWN)
    assert_comments(doc, ["artlint-disable one", "artlint-disable two\n  still in the comment",
                          "artlint-enable", "three"])


def test_markdown_text_around_comments_is_prose_and_comments_are_not():
    doc = read_source("a.md", COMMENTED_MARKDOWN)
    assert texts(doc) == ["Text before  and after.", "Inline \ufffc code.", "Visible tail.", "item done"]
    assert_exact_map(doc)


def test_html_comment_offsets_and_no_comments_from_code():
    source = ('<p>Text <!-- artlint-disable one --> more.</p>\n<!-- artlint-disable\n  two -->'
              '<pre><!-- artlint-disable pre --></pre><code><!-- x --></code>'
              '<script>s = "<!-- artlint-disable script -->";</script><p>After</p>')
    doc = read_source("a.html", source)
    assert_comments(doc, ["artlint-disable one", "artlint-disable\n  two"])
    assert texts(doc) == ["Text more.", "After"]


def test_plain_text_comments_are_collected_and_not_prose():
    source = ("<!-- artlint-disable-next-line translation -->\nThe rearmail came.\n"
              "Ends here. <!-- artlint-disable\nfor a while --> Then this.\n")
    doc = read_source("a.txt", source)
    assert_comments(doc, ["artlint-disable-next-line translation", "artlint-disable\nfor a while"])
    assert texts(doc) == ["The rearmail came.", "Ends here.", "Then this."]
    assert_exact_map(doc)


def test_markdown_impossible_front_matter_date_is_kept_as_text():
    doc = read_source("a.md", "---\ntitle: T\ndate: 2025-13-01\n---\nText.\n")
    assert doc.metadata["date"] == "2025-13-01" and doc.metadata["title"] == "T"
    assert texts(doc) == ["Text."]


# --- HTML with end tags left out (valid HTML5, common in CMS output) ------

def test_html_head_without_end_tag_closes_at_the_body():
    source = ("<!doctype html><html><head><meta charset=utf-8><title>T</title>"
              "<link rel=stylesheet href=s.css>\n<h1>Headline here</h1><p>First paragraph.")
    doc = read_source("a.html", source)
    assert [(b.kind, b.text) for b in doc.blocks] == [("heading", "Headline here"), ("paragraph", "First paragraph.")]
    doc = read_source("a.html", "<html><head><title>T</title>\n<body class=x><p>Body text.")
    assert texts(doc) == ["Body text."]


def test_html_implied_end_tags_keep_hidden_and_kinds_balanced():
    source = """<body>
<p hidden>Hidden note
<p>Visible one.
<ul><li hidden>Secret item<li>First item<li>Second <b>item
</ul>
<dl><dt>Term<dd>Definition</dl>
<table><tr><td>Cell one<td hidden>Cell two<tr><th>Head</table>
<p>After the table.
<ol><li>Outer<ul><li>Inner</ul><li>Next</ol>
<select><option>Menu<option>Choice</select>
<h2>Heading</h2>
"""
    doc = read_source("a.html", source)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "Visible one."),
        ("list_item", "First item"), ("list_item", "Second item"),
        ("paragraph", "Term"), ("paragraph", "Definition"),
        ("paragraph", "Cell one"), ("paragraph", "Head"),
        ("paragraph", "After the table."),
        ("list_item", "Outer"), ("list_item", "Inner"), ("list_item", "Next"),
        ("heading", "Heading"),
    ]
    assert_exact_map(doc)


def test_hard_wrapped_text_joins_lines_around_a_comment_without_pointing_into_it():
    source = "A wrapped <!-- artlint-disable\nstyle --> line\ngoes on.\n\nNext.\n"
    doc = read_source("a.txt", source)
    assert texts(doc) == ["A wrapped  line goes on.", "Next."]
    (start, end, _), = doc.comments
    assert not any(start <= o < end for b in doc.blocks for o in b.origins)


def test_html_in_its_declared_charset():
    data = '<html><head><meta charset="iso-8859-1"></head><body><p>Café in Kiev.</p></body></html>'.encode("latin-1")
    assert decode("a.html", data, "html").endswith("<p>Café in Kiev.</p></body></html>")
    with pytest.raises(LintError, match="not UTF-8"):
        decode("a.txt", data)
    with pytest.raises(LintError, match="declared charset 'nonsense' is unknown"):
        decode("b.html", data.replace(b"iso-8859-1", b"nonsense"), "html")
