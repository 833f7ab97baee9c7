"""The `boilerplate` check kind and the shipped boilerplate pack."""
import subprocess
import sys
import time
from pathlib import Path

import pytest

from linter.checks import check_class
from linter.context import Context
from linter.model import LintError
from linter.readers import read_source
from linter.rules import load_rule, shipped_rules_dir

PACK = shipped_rules_dir() / "boilerplate"

BODY = [
    "The city council approved the new budget on Tuesday after a debate that lasted more than six hours.",
    "The mayor said the plan would fund two new schools and repair dozens of roads across the city.",
    "Opposition members said the spending would force a tax rise within two years, and vowed to fight it.",
    "The budget now goes to the state, which must sign off on the borrowing before the end of the month.",
]


def checks(*names, context=None):
    paths = [PACK / f"{n}.yaml" for n in names] if names else sorted(PACK.glob("*.yaml"))
    rules = [load_rule("boilerplate", p) for p in paths]
    context = context or Context(rules=rules)
    return [check_class("boilerplate")(rule, context) for rule in rules]


def lint(lines, *names):
    doc = read_source("draft.txt", "\n".join(lines) + "\n")
    found = [f for c in checks(*names) for f in c.run(doc)]
    return sorted(found, key=lambda f: f.line)


def by_line(findings):
    return {f.line: f for f in findings}


def test_template_after_the_story_is_found_at_error():
    lines = BODY + ["About The Author", "Discover more from The Daily Ledger",
                    "Subscribe to get the latest posts sent to your email."]
    found = by_line(lint(lines))
    assert set(found) == {5, 6, 7}
    assert found[5].rule == "boilerplate.author-box"
    assert found[6].rule == found[7].rule == "boilerplate.newsletter-prompt"
    assert all(f.severity == "error" for f in found.values())
    assert (found[7].column, found[7].end_column) == (1, len(lines[6]))


def test_clean_article_with_headline_and_subhead_has_no_finding():
    lines = ["Council approves budget after long debate", *BODY[:2], "What happens next", *BODY[2:]]
    assert lint(lines) == []


def test_one_block_document_is_judged_by_its_wording():
    found = lint(["Subscribe to get the latest posts sent to your email."])
    assert [f.rule for f in found] == ["boilerplate.newsletter-prompt"]
    assert lint(["Readers can subscribe to the paper's print edition, the publisher said."]) == []


def test_wording_inside_the_body_is_one_level_lower():
    found = by_line(lint([*BODY[:2], "Advertisement", *BODY[2:]]))
    assert found[3].rule == "boilerplate.advertisement"
    assert found[3].severity == "warning"  # error at the edges


def test_a_list_header_takes_its_items_with_it():
    lines = [BODY[0], BODY[1], "Related stories", "Mayor unveils school plan",
             "Roads to get repairs", "Tax vote set for spring", *BODY[2:]]
    found = by_line(lint(lines, "related-links"))
    assert set(found) == {3, 4, 5, 6}
    assert {f.rule for f in found.values()} == {"boilerplate.related-links"}


def test_lines_outside_the_body_are_template_lines_but_not_the_title():
    lines = ["Council approves budget after long debate", *BODY, "World", "Politics",
             "Storm leaves thousands without power"]
    found = by_line(lint(lines))
    assert set(found) == {6, 7, 8}
    assert all(f.rule == "boilerplate.template-line" and f.severity == "info" for f in found.values())


def test_a_short_closing_sentence_stays_in_the_story():
    assert lint([*BODY, "Officials gave no other details."]) == []


def test_each_block_is_reported_by_one_rule():
    # "Subscribe" alone is newsletter, navigation and paywall wording at once
    found = lint([*BODY, "Subscribe"])
    assert len(found) == 1 and found[0].line == 5


def test_stale_caption_before_the_story():
    caption = "The two presidents talk during a photo session at the summit in Danang on Saturday."
    found = lint([caption, *BODY], "photo-caption")
    assert [(f.line, f.rule) for f in found] == [(1, "boilerplate.photo-caption")]
    assert lint([*BODY[:2], caption, *BODY[2:]], "photo-caption") == []  # inside the story: left alone


@pytest.mark.parametrize("text, problem", [
    ("patterns: ['(unclosed']\n", "bad regex"),
    ("max_words: 3\n", "needs 'patterns' or 'layout: true'"),
])
def test_bad_rule_is_one_line_error_naming_the_file(tmp_path, text, problem):
    path = tmp_path / "broken.yaml"
    path.write_text("check: boilerplate\nmessage: m\ncategory: boilerplate\nseverity: info\n"
                    "description: d\nexamples: {bad: [x]}\n" + text, encoding="utf-8")
    with pytest.raises(LintError, match=problem) as err:
        check_class("boilerplate")(load_rule("custom", path), Context())
    assert str(path) in str(err.value) and "\n" not in str(err.value)


def test_large_page_stays_linear():
    """A guard against quadratic work on long pages, not a benchmark (that
    is bench/bench.py): 1,600 lines take well under a second on an idle
    machine, and a quadratic analysis would take minutes."""
    lines = (BODY + ["Share this:", "Related stories", "A headline", "Another headline"]) * 100
    doc = read_source("big.txt", "\n".join(lines))
    rules = checks()
    start = time.process_time()
    found = [f for c in rules for f in c.run(doc)]
    assert found and time.process_time() - start < 10.0


def test_checking_does_not_import_spacy():
    code = ("import sys; from tests.test_boilerplate import lint, BODY; "
            "lint(BODY + ['Share this:']); assert 'spacy' not in sys.modules")
    root = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, "-c", code], cwd=root, check=True, timeout=60)


# ---- mechanisms that transfer to unseen sites -----------------------------

@pytest.mark.parametrize("line, rule", [
    ("View this post on Instagram", "embed-residue"),
    ("A post shared by Jane Doe (@jdoe) on May 3, 2019 at 5:02pm PDT", "embed-residue"),
    ('[caption id="attachment_1234" align="alignnone" width="800"]', "embed-residue"),
    ("{{ article.headline }}", "embed-residue"),
    ("a8f3e2c9d17b4e6f9a0c33d1", "embed-residue"),
    ("Play Video", "page-widgets"),
    ("0:00 / 2:31", "page-widgets"),
    ("Enlarge this image", "page-widgets"),
    ("Image 3 of 12", "page-widgets"),
    ("English Español Français Deutsch", "page-widgets"),
    ("Read in English", "page-widgets"),
    ("12,345 views", "page-widgets"),
    ("This is a modal window.", "page-widgets"),
    ("Current Time 0:00", "page-widgets"),
    ("captions settings, opens captions settings dialog", "page-widgets"),
    ("US Edition UK Edition International Edition", "page-widgets"),
    ("Sign in to continue reading", "cookie-paywall"),
    ("Checking your browser before accessing the site.", "cookie-paywall"),
    ("Please enable JavaScript and cookies to continue", "cookie-paywall"),
    ("Subscribers only", "cookie-paywall"),
    ("Start your free trial", "cookie-paywall"),
    ("Comments are moderated and may take a while to appear.", "comment-prompt"),
    ("We reserve the right to remove comments that are off-topic.", "comment-prompt"),
])
def test_template_classes_after_the_story(line, rule):
    found = by_line(lint(BODY + [line]))
    assert 5 in found and found[5].rule == f"boilerplate.{rule}", {k: v.rule for k, v in found.items()}


@pytest.mark.parametrize("line", [
    "(Reporting by Will Dunham; Editing by Tom Brown)",
    "Keith Bradsher contributed reporting from Hong Kong.",
    "— The Nigerian Senate (@NGRSenate) October 9, 2018",  # an embedded tweet is the story's quotation
])
def test_sign_offs_and_quoted_posts_are_not_template(line):
    assert [f for f in lint(BODY + [line]) if f.line == 5] == []


def test_affiliate_disclosure_inside_a_review_is_copy():
    disclosure = "Disclosure: we may earn a commission from some of the products featured on this page."
    inside = lint(BODY[:2] + [disclosure] + BODY[2:])
    assert [f for f in inside if f.line == 3] == []
    after = by_line(lint(BODY + ["Related stories", disclosure]))
    assert after[6].rule in ("boilerplate.affiliate-disclosure", "boilerplate.related-links")


def test_lines_repeated_across_pages_of_one_site(tmp_path):
    """A short line on two pages of one folder is template wherever it
    stands; on one page alone it is not."""
    from linter.engine import Linter, Selection

    site = tmp_path / "site"
    site.mkdir()
    story = [*BODY[:2], "Weekend Edition Extras", *BODY[2:]]
    (site / "a.txt").write_text("\n".join(story) + "\n", encoding="utf-8")
    (site / "b.txt").write_text("\n".join([BODY[3], BODY[0], "Weekend Edition Extras", BODY[1], BODY[2]]) + "\n",
                                encoding="utf-8")
    (tmp_path / "c.txt").write_text("\n".join(story) + "\n", encoding="utf-8")  # another site (folder)
    from linter.config import Config

    report = Linter(Selection(select=("boilerplate",)), lambda p: Config()).lint(
        [(str(site / "a.txt"), None), (str(site / "b.txt"), None), (str(tmp_path / "c.txt"), None)])
    flagged = {(Path(f.path).name, f.line) for f in report.findings}
    assert ("a.txt", 3) in flagged and ("b.txt", 3) in flagged
    assert not any(name == "c.txt" for name, _ in flagged)
    alone = lint(story)
    assert [f for f in alone if f.line == 3] == []


def test_link_dense_lines_in_html_are_template():
    from linter.engine import lint_text

    story = "".join(f"<p>{line}</p>" for line in BODY)
    page = ("<html><head><link rel='canonical' href='https://news.example.org/a'></head><body>"
            f"{story}<p><a href='/x'>Markets</a> <a href='/y'>Politics</a> <a href='/z'>Weather</a></p>"
            "<p>Weather and politics</p></body></html>")
    found = {f.line: f for f in lint_text(page.replace("</p>", "</p>\n"), path="page.html", select=["boilerplate"])}
    doc = read_source("page.html", page)
    assert doc.metadata["site"] == "news.example.org" and len(doc.metadata["links"]) == 3
    assert found[5].rule == "boilerplate.template-line"
    assert 6 in found  # outside the body, by position
    assert not any(line <= 4 for line in found)
