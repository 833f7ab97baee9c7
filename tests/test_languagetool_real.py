"""The grammar check against a REAL LanguageTool (Java), not the stand-in.

The server is the one at $ARTLINT_LANGUAGETOOL_URL (.ci/languagetool.sh
installs LanguageTool from Maven Central, starts it and sets it), else one
started here from a local `artlint languagetool install`. Without Java, or
with Java but no install and no Maven to make one, every test here is
skipped with the reason; with the variable set, an unreachable server is a
failure, not a skip."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from linter.cli import main
from linter.languagetool import Client, LocalServer, free_port, local_install
from linter.languagetool.local import MARKER

pytestmark = pytest.mark.slow
URL_VARIABLE = "ARTLINT_LANGUAGETOOL_URL"


def why_no_languagetool() -> str | None:
    if os.environ.get(URL_VARIABLE):
        return None
    if shutil.which("java") is None:
        return "no Java on this machine: a real LanguageTool cannot run (set ARTLINT_LANGUAGETOOL_URL to use a server)"
    if local_install() is None:
        if shutil.which("mvn") is None:
            return "no LanguageTool installed and no Maven to install it (`artlint languagetool install` needs Maven)"
        return "LanguageTool is not installed: run `artlint languagetool install` (or .ci/run, which does)"
    return None


@pytest.fixture(scope="module")
def lt_url():
    reason = why_no_languagetool()
    if reason:
        pytest.skip(reason)
    url = os.environ.get(URL_VARIABLE)
    if url:
        yield url.rstrip("/")
        return
    with LocalServer(local_install()) as server:
        yield server.url


def check_json(tmp_path, text, *extra):
    story = tmp_path / "story.txt"
    story.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--format", "json", *extra, str(story)])
    return result, json.loads(result.stdout)["findings"]


def test_the_server_is_languagetool(lt_url):
    body = urllib.parse.urlencode({"text": "It was a unusual day.", "language": "en-US"}).encode()
    with urllib.request.urlopen(lt_url + "/v2/check", data=body, timeout=60) as answer:
        payload = json.load(answer)
    assert payload["software"]["name"] == "LanguageTool"
    assert payload["software"]["version"][0].isdigit()
    assert "contract-double" not in payload["software"]["version"]
    assert [m["rule"]["id"] for m in payload["matches"]] == ["EN_A_VS_AN"]


def test_emoji_before_a_apple_on_line_two_is_reported_at_2_25(lt_url, tmp_path):
    text = "Talks resume\nOn Monday, 🎉 envoys ate a apple.\n"
    result, findings = check_json(tmp_path, text, "--select", "grammar", "--languagetool", lt_url)
    grammar = [f for f in findings if f["rule"] == "grammar.languagetool"]
    assert [(f["line"], f["column"], f["match"], f["languagetool_rule"]) for f in grammar] == [
        (2, 25, "a", "EN_A_VS_AN")]
    assert grammar[0]["suggestions"][0] == "an"
    assert "LanguageTool" not in result.stderr


def test_a_doubled_capital_and_he_were_get_grammar_findings(lt_url, tmp_path):
    result, findings = check_json(tmp_path, "Talks\nTThe talks ended; he were tired.\n",
                                  "--select", "grammar", "--languagetool", lt_url)
    found = {(f["match"], f["languagetool_rule"]) for f in findings}
    assert ("TThe", "MORFOLOGIK_RULE_EN_US") in found
    assert ("were", "PERS_PRONOUN_AGREEMENT") in found
    assert all(f["line"] == 2 and f["category"] == "grammar" for f in findings)


def test_news_defaults_keep_names_and_british_spelling_quiet(lt_url, tmp_path):
    text = ("LONDON (Reuters) - Witkoff said the centre would honour its pledge, and the talks went on.\n"
            "\u201cWe will not give up,\u201d said Jeong Hye-kyeong, who wants 10-15 per cent more.\n"
            "The envoy said the goverment has not recieved the letter.\n")
    _, with_defaults = check_json(tmp_path, text, "--select", "grammar", "--languagetool", lt_url)
    assert sorted(f["match"] for f in with_defaults) == ["goverment", "recieved"]
    config = tmp_path / "all-rules.yaml"
    config.write_text("languagetool:\n  news_defaults: false\n")
    _, everything = check_json(tmp_path, text, "--config", str(config), "--select", "grammar", "--languagetool", lt_url)
    assert len(everything) >= len(with_defaults) + 3  # Witkoff, centre, honour, per cent, 10-15, ...


def test_every_other_finding_survives_and_grammar_adds_its_own(lt_url, tmp_path):
    text = "Officials in Kiev met the envoy.\nIt was a unusual meeting.\n"
    _, alone = check_json(tmp_path, text, "--select", "style")
    _, both = check_json(tmp_path, text, "--select", "style,grammar", "--languagetool", lt_url)
    assert alone and all(f in both for f in alone)
    assert [f["match"] for f in both if f["rule"] == "grammar.languagetool"] == ["a"]


def test_server_auto_starts_a_local_languagetool_and_stops_it(tmp_path):
    install = local_install()
    if install is None or shutil.which("java") is None:
        pytest.skip(why_no_languagetool() or "no local LanguageTool install to start")
    config = tmp_path / ".artlint.yaml"
    config.write_text("languagetool:\n  server: auto\n")
    before = java_servers()
    result, findings = check_json(tmp_path, "Talks\nIt was a unusual day.\n", "--config", str(config), "--select", "grammar")
    assert [(f["line"], f["match"]) for f in findings] == [(2, "a")], result.stderr
    assert not java_servers() - before  # the server it started is gone (others' servers may come and go)


def java_servers() -> set[int]:
    out = subprocess.run(["pgrep", "-f", "org.languagetool.server.HTTPServer"], capture_output=True, text=True)
    return {int(pid) for pid in out.stdout.split()}


def test_serve_answers_on_loopback_and_stops_on_sigterm():
    install = local_install()
    if install is None or shutil.which("java") is None:
        pytest.skip(why_no_languagetool() or "no local LanguageTool install to serve")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "linter.cli", "languagetool", "serve", "--port", str(port),
                             "--memory", "512m"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert f"listening on http://127.0.0.1:{port} " in line, proc.stderr.read() if proc.poll() is not None else line
        codes = {e["longCode"] for e in Client(f"http://127.0.0.1:{port}").languages()}
        assert "en-US" in codes and "de-DE" not in codes  # English only (plus what the language identifier needs)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/v2/languages", timeout=2)


def test_install_from_an_official_style_zip_then_serve(tmp_path):
    install = local_install()
    if install is None or shutil.which("java") is None or not (install / MARKER).is_file():
        pytest.skip(why_no_languagetool() or "needs an artlint install to build a zip from")
    version = json.loads((install / MARKER).read_text())["version"]
    archive = tmp_path / f"LanguageTool-{version}.zip"
    top = f"LanguageTool-{version}"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as zf:  # the official layout: server jar on top, libs/
        for jar in sorted((install / "libs").glob("*.jar")):
            name = "languagetool-server.jar" if jar.name.startswith("languagetool-server-") else f"libs/{jar.name}"
            zf.write(jar, f"{top}/{name}")
    result = CliRunner().invoke(main, ["languagetool", "install", "--from", str(archive), "--dir", str(tmp_path / "lt")])
    assert result.exit_code == 0, result.output
    assert f"LanguageTool {version} installed from zip" in result.stdout
    unpacked = local_install(tmp_path / "lt")
    assert unpacked == tmp_path / "lt" / top
    with LocalServer(unpacked, memory="512m") as server:
        assert Client(server.url).check("It was a unusual day.", _settings())[0].rule_id == "EN_A_VS_AN"


def _settings():
    from linter.languagetool import parse_settings

    return parse_settings({"news_defaults": False}, "test")


# ------------------------------------------------------------ through the Grammar check, as the engine runs it

def lint(text, settings, path="draft.txt"):
    import io

    from linter.checks.grammar import Grammar
    from linter.config import Config
    from linter.context import Context, Notices
    from linter.readers import read_source
    from linter.rules import load_rule

    notices = Notices(stream=io.StringIO())
    rule = load_rule("grammar", Path(__file__).resolve().parent.parent / "rules" / "grammar" / "languagetool.yaml")
    check = Grammar(rule, Context(Config(languagetool=settings), notices))
    doc = read_source(path, text)
    check.prepare([doc])
    return list(check.run(doc)), notices.seen


def test_flags_and_emoji_before_a_match_keep_its_columns(lt_url):
    text = "Breaking 🎉🎉 news\nThe 🇺🇦 delegation 😀 met the the minister.\nWe met 😀😀 rearmail 😀 and a unusual 😀 envoy.\n"
    found, notices = lint(text, {"server": lt_url})
    lines = text.splitlines()
    spans = sorted((f.line, f.column, f.end_column, f.match) for f in found)
    assert spans == [(2, lines[1].index("the the") + 1, lines[1].index("the the") + 7, "the the"),
                     (3, lines[2].index("rearmail") + 1, lines[2].index("rearmail") + 8, "rearmail"),
                     (3, lines[2].index("a unusual") + 1, lines[2].index("a unusual") + 1, "a")]
    for f in found:
        assert lines[f.line - 1][f.column - 1:f.end_column] == f.match
    assert notices == []


def test_shipped_rule_examples_hold_against_languagetool(lt_url):
    from linter.rules import load_rule

    rule = load_rule("grammar", Path(__file__).resolve().parent.parent / "rules" / "grammar" / "languagetool.yaml")
    for text in rule.examples["bad"]:
        assert lint(text, {"server": lt_url})[0], text
    for text in rule.examples.get("good", []):
        assert lint(text, {"server": lt_url})[0] == [], text


def test_rule_and_category_switches_reach_languagetool(lt_url):
    text = "The minister met the the delegation in a outdoor tent.\n"
    assert sorted(f.match for f in lint(text, {"server": lt_url})[0]) == ["a", "the the"]
    assert [f.match for f in lint(text, {"server": lt_url, "disabled_rules": ["ENGLISH_WORD_REPEAT_RULE"]})[0]] == ["a"]
    only = lint(text, {"server": lt_url, "enabled_only": True, "enabled_rules": ["EN_A_VS_AN"]})[0]
    assert [f.match for f in only] == ["a"]
    assert lint(text, {"server": lt_url, "disabled_categories": ["MISC"]})[0] == []  # both rules are LanguageTool's MISC


def test_severity_and_category_follow_the_configuration(lt_url):
    text = "It was a unusual rearmail of the the talks.\n"
    settings = {"server": lt_url, "severity": {"misspelling": "error", "ENGLISH_WORD_REPEAT_RULE": "info"},
                "category": {"TYPOS": "translation"}}
    found = {f.match: (f.severity, f.category) for f in lint(text, settings)[0]}
    assert found == {"a": ("error", "grammar"), "rearmail": ("error", "translation"), "the the": ("info", "grammar")}


def test_a_long_document_in_many_chunks_keeps_every_line(lt_url):
    paragraph = "The delegation met the the minister in Geneva on Tuesday. They talked for hours about prisoners."
    text = "Story.\n" + "\n".join([paragraph] * 12) + "\n"
    found, notices = lint(text, {"server": lt_url, "max_chunk_chars": 250, "concurrency": 2})
    assert [f.line for f in found] == list(range(2, 14)) and notices == []
