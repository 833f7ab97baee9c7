"""HTML report, for editors: one self-contained file (no external scripts,
styles or fonts) showing each article as artlint read it, every finding
highlighted in place by one element carrying `data-rule` (its message on
hover, details on click), filters by category and severity, a summary per
category and rule with a small inline SVG chart, and the date each
article's facts were judged as of.

Findings are placed by their source offsets: a block's `origins` say which
of its characters come from the finding's span, so the highlight covers
exactly the characters the finding points at. Spans that cross (neither
inside the other) are drawn as one element per finding plus continuation
pieces without `data-rule`, so `[data-rule]` elements and findings match
one for one."""
from __future__ import annotations

import bisect
import html
from collections import Counter, defaultdict

from .. import __version__
from ..model import CATEGORIES, SEVERITIES
from .text import DATE_SOURCES

TAGS = {"heading": "h3", "paragraph": "p", "list_item": "li", "quote": "blockquote", "caption": "figcaption"}
COLOURS = {"translation": "#d9480f", "fact": "#c2255c", "boilerplate": "#5f3dc4", "style": "#1971c2",
           "grammar": "#2b8a3e"}
CHART_WIDTH, BAR_HEIGHT, LABEL_WIDTH = 320, 18, 96

STYLE = """
body{font:16px/1.55 Georgia,'Times New Roman',serif;margin:0;color:#222;background:#fafaf7}
header.top{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;background:#222;color:#eee;padding:.8em 1.5em}
header.top h1{font-size:1.2em;margin:0}
main{display:grid;grid-template-columns:minmax(0,1fr) 22em;gap:1.5em;padding:1em 1.5em;max-width:80em}
aside.panel{font:14px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;position:sticky;top:1em;align-self:start}
aside.panel fieldset{border:1px solid #ccc;margin:0 0 1em;padding:.5em .8em}
aside.panel label{display:block;cursor:pointer}
.swatch{display:inline-block;width:.8em;height:.8em;border-radius:2px;margin-right:.3em;vertical-align:-.05em}
article.file{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.5em 1.5em 1em;margin-bottom:1.5em}
article.file h2{font:600 1em system-ui,sans-serif;margin:.6em 0 .2em;word-break:break-all}
.meta{font:13px system-ui,sans-serif;color:#555;margin:0 0 .8em}
.text h3{font-size:1.25em;margin:.6em 0 .3em}
.text figcaption{font-style:italic;color:#555;margin:.4em 0}
.text li{margin-left:1.2em}
mark.finding,mark.cont{background:transparent;border-bottom:3px solid var(--c);cursor:pointer;color:inherit;padding:0 1px}
mark.sev-error,mark.cont.sev-error{background:color-mix(in srgb,var(--c) 22%,transparent)}
mark.sev-warning,mark.cont.sev-warning{background:color-mix(in srgb,var(--c) 12%,transparent)}
mark.sev-info,mark.cont.sev-info{border-bottom-style:dotted}
mark.off{background:transparent!important;border-bottom-color:transparent!important;cursor:text}
mark.selected{outline:2px solid var(--c)}
table.findings{border-collapse:collapse;font:13px system-ui,sans-serif;width:100%;margin-top:.8em}
table.findings td,table.findings th{border-top:1px solid #eee;padding:.2em .4em;text-align:left;vertical-align:top}
tr.off{display:none}
.sev{font-weight:600}.sev.error{color:#c92a2a}.sev.warning{color:#e67700}.sev.info{color:#1c7ed6}
#details{font:14px system-ui,sans-serif;background:#fff;border:1px solid #bbb;border-radius:6px;padding:.6em .8em;min-height:3em}
.summary td,.summary th{padding:.1em .4em;text-align:left}.summary td.n{text-align:right}
.error-line{color:#c92a2a;font:14px system-ui,sans-serif}
"""

SCRIPT = """
(function(){
  var boxes = document.querySelectorAll('input[data-filter]');
  function apply(){
    var on = {};
    boxes.forEach(function(b){ on[b.dataset.filter + ':' + b.value] = b.checked; });
    var shown = 0;
    document.querySelectorAll('[data-category][data-severity]').forEach(function(el){
      var visible = on['category:' + el.dataset.category] !== false && on['severity:' + el.dataset.severity] !== false;
      el.classList.toggle('off', !visible);
      if (visible && el.hasAttribute('data-rule')) shown++;
    });
    var total = document.querySelectorAll('[data-rule]').length;
    document.getElementById('shown').textContent = shown + ' of ' + total + ' findings shown';
  }
  boxes.forEach(function(b){ b.addEventListener('change', apply); });
  function show(el){
    var box = document.getElementById('details');
    document.querySelectorAll('mark.selected').forEach(function(m){ m.classList.remove('selected'); });
    el.classList.add('selected');
    box.innerHTML = '';
    function line(label, text){
      if (!text) return;
      var p = document.createElement('div'); var b = document.createElement('b');
      b.textContent = label + ': '; p.appendChild(b); p.appendChild(document.createTextNode(text)); box.appendChild(p);
    }
    line('Rule', el.dataset.rule); line('Severity', el.dataset.severity);
    line('At', 'line ' + el.dataset.line + ', column ' + el.dataset.column);
    line('Message', el.dataset.message); line('Suggestions', el.dataset.suggestions);
  }
  document.addEventListener('click', function(ev){
    var el = ev.target.closest('mark');
    if (!el || el.classList.contains('off')) return;
    if (el.classList.contains('cont')) el = document.getElementById(el.dataset.of);
    if (el) show(el);
  });
  document.addEventListener('keydown', function(ev){
    if (ev.key === 'Enter' && ev.target.matches && ev.target.matches('mark[data-rule]')) show(ev.target);
  });
  apply();
})();
"""


def render(report, *, color: bool = False, source_lines=None, documents=None, **_) -> str:
    documents = documents or {}
    by_path: dict[str, list] = defaultdict(list)
    for finding in report.findings:
        by_path[finding.path].append(finding)
    entries = {entry.path: entry for entry in report.files}
    paths = list(entries) + [p for p in by_path if p not in entries]
    ids = {id(f): f"f{i}" for i, f in enumerate(report.findings)}
    articles = [article(path, entries.get(path), by_path.get(path, []), documents.get(path), source_lines, ids)
                for path in paths]
    return page(report, articles)


def page(report, articles: list[str]) -> str:
    total = len(report.findings)
    title = f"artlint report: {total} finding{'s' if total != 1 else ''}"
    return "".join([
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
        "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">",
        f"<meta name=\"generator\" content=\"artlint {__version__}\">",
        f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>",
        f"<header class=\"top\"><h1>{esc(title)}</h1></header><main><div class=\"articles\">",
        *articles, "</div>", panel(report), "</main>", f"<script>{SCRIPT}</script></body></html>\n",
    ])


# --- the side panel: filters, summary, chart, details ---------------------

def panel(report) -> str:
    categories = Counter(f.category for f in report.findings)
    severities = Counter(f.severity for f in report.findings)
    parts = ["<aside class=\"panel\"><fieldset><legend>Category</legend>"]
    for category in CATEGORIES:
        parts.append(checkbox("category", category, categories[category], COLOURS[category]))
    parts.append("</fieldset><fieldset><legend>Severity</legend>")
    for severity in reversed(SEVERITIES):
        parts.append(checkbox("severity", severity, severities[severity]))
    parts.append("</fieldset><p id=\"shown\"></p>")
    parts.append("<div id=\"details\">Click a highlight to see its finding.</div>")
    parts.append(summary(report))
    parts.append("</aside>")
    return "".join(parts)


def checkbox(kind: str, value: str, count: int, colour: str | None = None) -> str:
    swatch = f"<span class=\"swatch\" style=\"background:{colour}\"></span>" if colour else ""
    return (f"<label><input type=\"checkbox\" checked data-filter=\"{kind}\" value=\"{value}\" "
            f"id=\"filter-{kind}-{value}\">{swatch}{value} ({count})</label>")


def summary(report) -> str:
    rules = Counter((f.category, f.rule) for f in report.findings)
    categories = Counter(f.category for f in report.findings)
    rows = []
    for category in CATEGORIES:
        if not categories[category]:
            continue
        rows.append(f"<tr class=\"cat\"><th colspan=\"2\">{category}</th><td class=\"n\">{categories[category]}</td></tr>")
        for (cat, rule), n in sorted(rules.items(), key=lambda kv: (-kv[1], kv[0][1])):
            if cat == category:
                rows.append(f"<tr><td></td><td>{esc(rule)}</td><td class=\"n\">{n}</td></tr>")
    return (f"<h3>Summary</h3>{chart(categories)}<table class=\"summary\" id=\"summary\">{''.join(rows)}</table>")


def chart(categories: Counter) -> str:
    """A horizontal bar chart of findings per category, inline SVG."""
    shown = [c for c in CATEGORIES if categories[c]]
    if not shown:
        return "<p>No findings.</p>"
    most = max(categories.values())
    height = BAR_HEIGHT * len(shown) + 4
    bars = []
    for row, category in enumerate(shown):
        y = row * BAR_HEIGHT + 2
        width = max(2, round((CHART_WIDTH - LABEL_WIDTH - 40) * categories[category] / most))
        bars.append(f"<text x=\"0\" y=\"{y + 13}\" font-size=\"12\">{category}</text>"
                    f"<rect x=\"{LABEL_WIDTH}\" y=\"{y + 2}\" width=\"{width}\" height=\"{BAR_HEIGHT - 5}\" "
                    f"fill=\"{COLOURS[category]}\"><title>{category}: {categories[category]}</title></rect>"
                    f"<text x=\"{LABEL_WIDTH + width + 4}\" y=\"{y + 13}\" font-size=\"12\">{categories[category]}</text>")
    return (f"<svg id=\"chart\" role=\"img\" aria-label=\"findings per category\" width=\"{CHART_WIDTH}\" "
            f"height=\"{height}\" viewBox=\"0 0 {CHART_WIDTH} {height}\" "
            f"font-family=\"system-ui,sans-serif\">{''.join(bars)}</svg>")


# --- one article ----------------------------------------------------------

def article(path, entry, findings, doc, source_lines, ids) -> str:
    parts = [f"<article class=\"file\" data-path=\"{esc(path)}\"><h2>{esc(path)}</h2>", meta_line(entry, doc)]
    if entry is not None and entry.error:
        parts.append(f"<p class=\"error-line\">Not checked: {esc(entry.error)}</p>")
    blocks = doc.blocks if doc is not None else []
    placed, elsewhere = place(doc, blocks, findings) if blocks else ({}, list(findings))
    parts.append("<div class=\"text\">")
    for index, block in enumerate(blocks):
        tag = TAGS.get(block.kind, "p")
        parts.append(f"<{tag}>{highlight(block.text, placed.get(index, []), ids)}</{tag}>")
    if elsewhere:  # no text kept for them: shown on their source line
        parts.append("<div class=\"lines\">")
        for finding in elsewhere:
            line = source_lines(finding.path, finding.line) if source_lines else None
            parts.append(f"<p class=\"line\">{line_highlight(line, finding, ids)}</p>")
        parts.append("</div>")
    parts.append("</div>")
    parts.append(finding_table(findings, ids))
    parts.append("</article>")
    return "".join(parts)


def meta_line(entry, doc) -> str:
    bits = []
    if entry is not None and entry.date:
        origin = DATE_SOURCES.get(entry.date_source or "", f"from {entry.date_source}")
        bits.append(f"Facts judged as of <b class=\"date\">{esc(entry.date)}</b> ({esc(origin)})")
    if doc is not None and doc.metadata.get("page"):
        bits.append(f"whole web page: {esc(doc.metadata['page'])}")
    if doc is not None and doc.metadata.get("title"):
        bits.append(f"title: {esc(str(doc.metadata['title']))}")
    return f"<p class=\"meta\">{' · '.join(bits)}</p>"


def place(doc, blocks, findings):
    """{block index: [(start, end, finding)]} in block text positions, and
    the findings no block holds."""
    starts = [b.origins[0] for b in blocks]
    placed: dict[int, list] = defaultdict(list)
    elsewhere = []
    for finding in findings:
        first = offset(doc, finding.line, finding.column)
        last = offset(doc, finding.end_line, finding.end_column)
        index = bisect.bisect_right(starts, first) - 1
        span = span_in(blocks[index], first, last) if index >= 0 else None
        if span is None:
            elsewhere.append(finding)
        else:
            placed[index].append((*span, finding))
    return placed, elsewhere


def offset(doc, line: int, column: int) -> int:
    starts = doc.line_starts
    return starts[min(line, len(starts)) - 1] + column - 1


def span_in(block, first: int, last: int):
    origins = block.origins
    start = bisect.bisect_left(origins, first)
    end = bisect.bisect_right(origins, max(last, first))
    if start >= len(origins) or origins[start] > max(last, first):
        return None
    return start, max(end, start + 1)


def highlight(text: str, spans: list, ids) -> str:
    """The text with one <mark data-rule> per finding; crossing spans are
    continued in <mark class="cont"> pieces."""
    spans = sorted(spans, key=lambda s: (s[0], -s[1]))
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out, stack = [], []  # stack: open (end, finding)
    started = set()
    for here, upto in zip(cuts, cuts[1:] + [None]):
        if any(end == here for end, _ in stack):
            reopen = []
            while any(end == here for end, _ in stack):
                end, finding = stack.pop()
                out.append("</mark>")
                if end != here:
                    reopen.append((end, finding))
            for end, finding in reversed(reopen):
                out.append(open_mark(finding, ids, continued=True))
                stack.append((end, finding))
        for start, end, finding in spans:
            if start == here and id(finding) not in started:
                started.add(id(finding))
                out.append(open_mark(finding, ids))
                stack.append((end, finding))
        if upto is not None:
            out.append(esc(text[here:upto]))
    out.extend("</mark>" for _ in stack)
    return "".join(out)


def open_mark(finding, ids, continued: bool = False) -> str:
    classes = f"sev-{finding.severity} cat-{finding.category}"
    colour = COLOURS.get(finding.category, "#888")
    common = (f"data-category=\"{esc(finding.category)}\" data-severity=\"{finding.severity}\" "
              f"style=\"--c:{colour}\"")
    if continued:
        return f"<mark class=\"cont {classes}\" data-of=\"{ids[id(finding)]}\" {common}>"
    return (f"<mark class=\"finding {classes}\" id=\"{ids[id(finding)]}\" tabindex=\"0\" {common} "
            f"data-rule=\"{esc(finding.rule)}\" data-line=\"{finding.line}\" data-column=\"{finding.column}\" "
            f"data-end-line=\"{finding.end_line}\" data-end-column=\"{finding.end_column}\" "
            f"data-message=\"{esc(finding.message)}\" data-suggestions=\"{esc(', '.join(finding.suggestions))}\" "
            f"title=\"{esc(finding.rule + ': ' + finding.message)}\">")


def line_highlight(line: str | None, finding, ids) -> str:
    """A finding shown on its source line (when the linted text was not kept)."""
    if line is None:
        return open_mark(finding, ids) + esc(finding.match) + "</mark>"
    start = finding.column - 1
    end = finding.end_column if finding.end_line == finding.line else len(line)
    return esc(line[:start]) + open_mark(finding, ids) + esc(line[start:end]) + "</mark>" + esc(line[end:])


def finding_table(findings, ids) -> str:
    if not findings:
        return "<p class=\"meta\">No findings.</p>"
    rows = [f"<tr data-category=\"{esc(f.category)}\" data-severity=\"{f.severity}\" data-ref=\"{ids[id(f)]}\">"
            f"<td><a href=\"#{ids[id(f)]}\">{f.line}:{f.column}</a></td>"
            f"<td class=\"sev {f.severity}\">{f.severity}</td><td>{esc(f.rule)}</td><td>{esc(f.message)}</td></tr>"
            for f in findings]
    return ("<table class=\"findings\"><thead><tr><th>at</th><th>severity</th><th>rule</th><th>message</th>"
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def esc(text: str) -> str:
    return html.escape(text, quote=True)
