"""A contract-test double of LanguageTool's HTTP server. NOT LanguageTool.

A real LanguageTool (Java, a few hundred MB) cannot be installed on the
machines that run this suite, and the suite has no network. This process
speaks the part of LanguageTool's HTTP API that artlint relies on, with the
same JSON shape, so that artlint's client, offset mapping and fault
handling are tested against a real HTTP server on localhost:

- GET  /v2/languages  -> [{"name", "code", "longCode"}, ...]
- POST /v2/check      form fields text, language, enabledRules,
  disabledRules, enabledCategories, disabledCategories, enabledOnly,
  level=picky -> {"software", "language", "matches": [...]}; every offset
  and length counts UTF-16 code units, as Java's String does.

Its few rules imitate real LanguageTool rules (ids, issue types and
categories as LanguageTool names them): ENGLISH_WORD_REPEAT_RULE ("the
the"), EN_A_VS_AN ("a unusual"), MORFOLOGIK_RULE_EN_US (only the words given
with --typo), and ALL_OF_THE (only with level=picky).

Fault switches: --slow SECONDS (wait before answering /v2/check), --garbage
(answer 200 with HTML), --status CODE (answer /v2/check with that HTTP
status). GET /stats gives request counts, the most requests ever in flight
at once, and the texts received.

Run: python tests/lt_server.py --port 0   (prints "listening on PORT")
"""
from __future__ import annotations

import argparse
import contextlib
import json
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LANGUAGES = [
    {"name": "English", "code": "en", "longCode": "en"},
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
    {"name": "German (Germany)", "code": "de", "longCode": "de-DE"},
]
VOWEL_SOUND_EXCEPTIONS = ("uni", "use", "usu", "one", "once", "eu", "ukr")  # "a university", "a Ukrainian"
SILENT_H = ("hour", "honest", "honou", "honor", "heir")
CATEGORIES = {
    "MISC": "Miscellaneous", "TYPOS": "Possible Typo", "REDUNDANCY": "Redundant Phrases",
}


def rule(rule_id, description, issue_type, category):
    return {"id": rule_id, "description": description, "issueType": issue_type,
            "category": {"id": category, "name": CATEGORIES[category]}}


def word_repeat(text, typos):
    for m in re.finditer(r"\b(\w+)(\s+)(\1)\b", text, re.IGNORECASE):
        yield (m.start(), m.end(), "Possible typo: you repeated a word.", "Word repetition", [m.group(1)],
               rule("ENGLISH_WORD_REPEAT_RULE", "Word repetition (e.g. 'will will')", "duplication", "MISC"))


def a_vs_an(text, typos):
    for m in re.finditer(r"\b(an?)\s+([A-Za-z]+)", text, re.IGNORECASE):
        article, word = m.group(1), m.group(2).lower()
        vowel = (word[0] in "aeiou" and not word.startswith(VOWEL_SOUND_EXCEPTIONS)) or word.startswith(SILENT_H)
        wrong = (article.lower() == "a" and vowel) or (article.lower() == "an" and not vowel)
        if wrong:
            fix = "an" if article.lower() == "a" else "a"
            fix = fix.capitalize() if article[0].isupper() else fix
            yield (m.start(1), m.end(1), f"Use “{fix}” instead of ‘{article}’ if the following word "
                   f"{'starts' if vowel else 'doesn’t start'} with a vowel sound.", "Wrong article", [fix],
                   rule("EN_A_VS_AN", "Use of 'a' vs. 'an'", "misspelling", "MISC"))


def spelling(text, typos):
    for m in re.finditer(r"[^\W\d_]+", text):
        if m.group().lower() in typos:
            yield (m.start(), m.end(), "Possible spelling mistake found.", "Spelling mistake", [],
                   rule("MORFOLOGIK_RULE_EN_US", "Possible spelling mistake", "misspelling", "TYPOS"))


def all_of_the(text, typos):
    for m in re.finditer(r"\ball of the\b", text, re.IGNORECASE):
        yield (m.start(), m.end(), "Consider using “all the”.", "", [m.group()[:3] + " the"],
               rule("ALL_OF_THE", "Simplify 'all of the'", "style", "REDUNDANCY"))


RULES = [(word_repeat, False), (a_vs_an, False), (spelling, False), (all_of_the, True)]  # (rule, picky only)


def units(text: str, char_offset: int) -> int:
    """UTF-16 code units in text[:char_offset]: what Java would call the offset."""
    return len(text[:char_offset].encode("utf-16-le")) // 2


def check(form: dict, typos: set) -> list[dict]:
    text = form["text"]
    picky = form.get("level") == "picky"
    listed = lambda name: {x for x in form.get(name, "").split(",") if x}  # noqa: E731
    enabled, disabled = listed("enabledRules"), listed("disabledRules")
    enabled_cats, disabled_cats = listed("enabledCategories"), listed("disabledCategories")
    only = form.get("enabledOnly") == "true"
    matches = []
    for find, picky_only in RULES:
        for start, end, message, short, fixes, info in find(text, typos):
            rid, cat = info["id"], info["category"]["id"]
            on = (rid in enabled or cat in enabled_cats) if only else (
                (not picky_only or picky or rid in enabled) and rid not in disabled and cat not in disabled_cats)
            if on:
                matches.append(match(text, start, end, message, short, fixes, info))
    return sorted(matches, key=lambda m: m["offset"])


def match(text, start, end, message, short, fixes, info):
    sentence_start = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
    ctx_start = max(0, start - 40)
    ctx = text[ctx_start:end + 40]
    return {
        "message": message, "shortMessage": short,
        "replacements": [{"value": f} for f in fixes],
        "offset": units(text, start), "length": units(text, end) - units(text, start),
        "context": {"text": ctx, "offset": units(ctx, start - ctx_start), "length": units(text, end) - units(text, start)},
        "sentence": text[sentence_start:text.find("\n", end) if "\n" in text[end:] else len(text)],
        "type": {"typeName": "Other"}, "rule": info,
        "ignoreForIncompleteSentence": False, "contextForSureMatch": 0,
    }


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as LanguageTool's server does
    disable_nagle_algorithm = True  # headers and body go out in two writes: don't wait 40 ms for an ACK

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = urllib.parse.urlsplit(self.path).path
        if path == "/v2/languages":
            self.reply(200, LANGUAGES)
        elif path == "/stats":
            with self.server.lock:
                self.reply(200, dict(self.server.stats))
        else:
            self.reply(404, {"error": "not found"})

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8")
        if urllib.parse.urlsplit(self.path).path != "/v2/check":
            return self.reply(404, {"error": "not found"})
        form = dict(urllib.parse.parse_qsl(body, keep_blank_values=True))
        server = self.server
        with server.lock:
            server.stats["checks"] += 1
            server.stats["in_flight"] += 1
            server.stats["max_in_flight"] = max(server.stats["max_in_flight"], server.stats["in_flight"])
            server.stats["texts"].append(form.get("text", ""))
            server.stats["forms"].append({k: v for k, v in form.items() if k != "text"})
        try:
            self.answer_check(form)
        finally:
            with server.lock:
                server.stats["in_flight"] -= 1

    def answer_check(self, form):
        opts = self.server.options
        if opts.slow:
            time.sleep(opts.slow)
        if opts.status:
            return self.reply(opts.status, b"Error: switched to fail", raw=True)
        if opts.garbage:
            return self.reply(200, b"<html><body>502 Bad Gateway</body></html>", raw=True)
        if "text" not in form:
            return self.reply(400, b"Error: Missing 'text' or 'data' parameter", raw=True)
        if form.get("language") not in {lang["longCode"] for lang in LANGUAGES} | {lang["code"] for lang in LANGUAGES}:
            return self.reply(400, f"Error: '{form.get('language')}' is not a language code known to LanguageTool".encode(), raw=True)
        self.reply(200, {
            "software": {"name": "LanguageTool", "version": "6.6-contract-double", "apiVersion": 1, "premium": False},
            "warnings": {"incompleteResults": False},
            "language": {"name": "English (US)", "code": form["language"],
                         "detectedLanguage": {"name": "English (US)", "code": "en-US", "confidence": 0.9}},
            "matches": check(form, self.server.typos),
        })

    def reply(self, status, payload, raw=False):
        data = payload if raw else json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain" if raw else "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def make_server(options) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", options.port), Handler)
    server.daemon_threads = True
    server.options = options
    server.typos = {t.lower() for t in options.typo}
    server.lock = threading.Lock()
    server.stats = {"checks": 0, "in_flight": 0, "max_in_flight": 0, "texts": [], "forms": []}
    return server


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--typo", action="append", default=[], help="a word to report as misspelt")
    parser.add_argument("--slow", type=float, default=0.0)
    parser.add_argument("--garbage", action="store_true")
    parser.add_argument("--status", type=int, default=0)
    return parser.parse_args(argv)


def main(argv=None):
    server = make_server(parse_args(argv))
    print(f"listening on {server.server_address[1]}", flush=True)
    server.serve_forever()


@contextlib.contextmanager
def running(*args: str):
    """Starts this server as a separate process on a free port; yields its URL."""
    proc = subprocess.Popen([sys.executable, __file__, "--port", "0", *args],
                            stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        port = int(line.rsplit(" ", 1)[1])
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        proc.stdout.close()


if __name__ == "__main__":
    main()
