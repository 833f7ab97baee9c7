"""`artlint lsp` driven by a real LSP client: a small JSON-RPC client that
speaks Content-Length framed messages over the server's stdin and stdout."""
from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

pytest.importorskip("pygls")

TIMEOUT = 60  # seconds for one answer (spaCy is not loaded; the knowledge base may be compiled once)


class Client:
    def __init__(self, cwd: Path):
        self.proc = subprocess.Popen([sys.executable, "-m", "linter", "lsp"], cwd=cwd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.messages: queue.Queue = queue.Queue()
        self.seen: list[dict] = []
        self.next_id = 0
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        stream = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            self.messages.put(json.loads(stream.read(int(headers["content-length"]))))

    @staticmethod
    def frame(message: dict) -> bytes:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        return b"Content-Length: %d\r\n\r\n" % len(body) + body

    def send(self, *messages: dict) -> None:
        """Send messages in one write (several arrive together, as a fast typist's would)."""
        self.proc.stdin.write(b"".join(self.frame(m) for m in messages))
        self.proc.stdin.flush()

    def notify(self, method: str, params) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params):
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        reply = self.wait(lambda m: m.get("id") == self.next_id and "method" not in m)
        assert "error" not in reply, reply
        return reply["result"]

    def wait(self, wanted, timeout=TIMEOUT):
        while True:
            message = self.messages.get(timeout=timeout)
            self.seen.append(message)
            if "method" in message and "id" in message and not wanted(message):
                self.send({"id": message["id"], "result": None})  # a server request (e.g. registration)
                continue
            if wanted(message):
                return message

    def quiet_for(self, seconds: float) -> list[dict]:
        """The messages that arrive within `seconds`."""
        got = []
        try:
            while True:
                got.append(self.wait(lambda m: True, timeout=seconds))
        except queue.Empty:
            return got

    def start(self, root: Path, capabilities=None) -> dict:
        init = self.request("initialize", {"processId": None, "rootUri": root.as_uri(),
                                           "capabilities": capabilities or {}})
        self.notify("initialized", {})
        return init

    def stop(self) -> int:
        assert self.request("shutdown", None) is None
        self.notify("exit", None)
        return self.proc.wait(timeout=TIMEOUT)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def diagnostics(self, uri: str) -> list[dict]:
        message = self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)
        return message["params"]["diagnostics"]


DRAFT = (
    "---\n"
    "title: A draft\n"
    "date: 2022-06-01\n"
    "---\n"
    "\n"
    "🙂 Drones flew over Kiev at night.\n"
    "The former President Joe Biden spoke.\n"
)


def apply(text: str, edits: list[dict]) -> str:
    """Apply LSP TextEdits (positions in UTF-16 code units) to text."""
    lines = text.split("\n")

    def offset(pos):
        line = lines[pos["line"]].encode("utf-16-le")[:2 * pos["character"]].decode("utf-16-le")
        return sum(len(l) + 1 for l in lines[:pos["line"]]) + len(line)

    for edit in sorted(edits, key=lambda e: offset(e["range"]["start"]), reverse=True):
        start, end = offset(edit["range"]["start"]), offset(edit["range"]["end"])
        text = text[:start] + edit["newText"] + text[end:]
    return text


def test_positions_count_utf16_units_and_fall_back_to_line_and_column():
    from linter.lsp import Positions
    from linter.model import Finding

    where = Positions("a\r\n🙂 Kiev\nend")
    assert where.at(3) == (1, 0) and where.at(5) == (1, 3)  # the emoji is two units
    bare = Finding("a.txt", 2, 3, 2, 6, "r", "style", "warning", "m", "Kiev")  # no source offsets
    assert where.span(bare) == ((1, 3), (1, 7))


@pytest.mark.slow
def test_language_server_over_stdio(tmp_path):
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / ".artlint.yaml").write_text("fail_level: sometimes\n", encoding="utf-8")
    client = Client(tmp_path)
    try:
        init = client.request("initialize", {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}})
        caps = init["capabilities"]
        assert caps["codeActionProvider"] and caps["textDocumentSync"]["openClose"]
        assert init["serverInfo"]["name"] == "artlint"
        client.notify("initialized", {})

        uri = (tmp_path / "draft.md").as_uri()
        client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown",
                                                                "version": 1, "text": DRAFT}})
        found = client.diagnostics(uri)
        (kiev,) = [d for d in found if d["code"] == "style.place-names"]
        # line 5 (0-based); the emoji before it is two UTF-16 units: "🙂 Drones flew over " is 20
        assert kiev["range"] == {"start": {"line": 5, "character": 20}, "end": {"line": 5, "character": 24}}
        assert kiev["severity"] == 2 and kiev["source"] == "artlint"
        # the article's date comes from the front matter: Biden was sitting on 2022-06-01
        assert [d["range"]["start"]["line"] for d in found if d["code"] == "fact.former-title"] == [6]

        actions = client.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": kiev["range"], "context": {"diagnostics": [kiev]}})
        (action,) = [a for a in actions if "Kyiv" in a["title"]]
        assert action["kind"] == "quickfix" and action["isPreferred"] is True
        fixed = apply(DRAFT, action["edit"]["changes"][uri])
        assert fixed == DRAFT.replace("Kiev", "Kyiv")

        client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                                 "contentChanges": [{"text": fixed}]})
        after = client.diagnostics(uri)
        assert not [d for d in after if d["code"] == "style.place-names"]
        assert [d["code"] for d in after if d["code"] == "fact.former-title"] == ["fact.former-title"]

        # a broken configuration is one diagnostic, and the server carries on
        bad = (tmp_path / "bad" / "b.md").as_uri()
        client.notify("textDocument/didOpen", {"textDocument": {"uri": bad, "languageId": "markdown",
                                                                "version": 1, "text": "Kiev.\n"}})
        (problem,) = client.diagnostics(bad)
        assert "fail_level" in problem["message"] and problem["range"]["start"] == {"line": 0, "character": 0}
        # mended, the configuration is read again on the next save
        (tmp_path / "bad" / ".artlint.yaml").write_text("fail_level: error\n", encoding="utf-8")
        client.notify("textDocument/didSave", {"textDocument": {"uri": bad}})
        assert [d["code"] for d in client.diagnostics(bad)] == ["style.place-names"]
        client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
        assert [d["code"] for d in client.diagnostics(uri) if d["code"] == "fact.former-title"] == ["fact.former-title"]

        assert client.request("shutdown", None) is None
        client.notify("exit", None)
        assert client.proc.wait(timeout=TIMEOUT) == 0
    finally:
        if client.proc.poll() is None:
            client.proc.kill()
            client.proc.wait()


# -- a reference for LSP positions, written apart from linter.lsp.Positions:
# lines end at \r\n, \n or \r; a character counts code units of the encoding

CODECS = {"utf-8": ("utf-8", 1), "utf-16": ("utf-16-le", 2), "utf-32": ("utf-32-le", 4)}


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end of content) of each line."""
    spans, start, i = [], 0, 0
    while i < len(text):
        if text[i] in "\r\n":
            spans.append((start, i))
            i += 2 if text[i:i + 2] == "\r\n" else 1
            start = i
        else:
            i += 1
    spans.append((start, len(text)))
    return spans


def ref_position(text: str, offset: int, encoding: str = "utf-16") -> dict:
    codec, width = CODECS[encoding]
    for line, (start, end) in enumerate(line_spans(text)):
        if start <= offset <= end:
            return {"line": line, "character": len(text[start:offset].encode(codec, "surrogatepass")) // width}
    raise AssertionError(f"offset {offset} is inside a line break")


def ref_offset(text: str, pos: dict, encoding: str = "utf-16") -> int:
    codec, width = CODECS[encoding]
    spans = line_spans(text)
    if pos["line"] >= len(spans):
        return len(text)
    start, end = spans[pos["line"]]
    data = text[start:end].encode(codec, "surrogatepass")
    return start + len(data[:pos["character"] * width].decode(codec, "ignore"))  # a cut character: its start


def ref_apply(text: str, edits: list[dict], encoding: str = "utf-16") -> str:
    """Apply TextEdits (all relative to `text`, not overlapping)."""
    spans = sorted(((ref_offset(text, e["range"]["start"], encoding), ref_offset(text, e["range"]["end"], encoding),
                     e["newText"]) for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def ref_change(text: str, start: dict, end: dict, new: str, encoding: str = "utf-16") -> tuple[str, dict]:
    """The text after one incremental change, and the change as sent."""
    change = {"range": {"start": start, "end": end}, "text": new}
    a, b = ref_offset(text, start, encoding), ref_offset(text, end, encoding)
    return text[:a] + new + text[b:], change


def kiev_ranges(text: str, encoding: str = "utf-16") -> list[dict]:
    out, at = [], text.find("Kiev")
    while at >= 0:
        out.append({"start": ref_position(text, at, encoding), "end": ref_position(text, at + 4, encoding)})
        at = text.find("Kiev", at + 1)
    return out


def pos(line, character):
    return {"line": line, "character": character}


def place_names_only(folder: Path) -> Path:
    """A configuration with the one rule these tests need (the server starts quicker)."""
    (folder / ".artlint.yaml").write_text("select: [style.place-names]\n", encoding="utf-8")
    return folder


def test_positions_round_trip_and_clamp_as_the_protocol_says():
    from linter.lsp import Positions

    text = "🙂 café\r\nKiev é 🙂 Kiev\r\rold\u2028still old\nend"
    for encoding in CODECS:
        where = Positions(text, encoding)
        for offset in range(len(text) + 1):
            if text[offset - 1:offset + 1] == "\r\n":
                continue  # between \r and \n: no position
            p = ref_position(text, offset, encoding)
            assert where.at(offset) == (p["line"], p["character"])
            assert where.offset(p["line"], p["character"]) == offset
    where = Positions(text)
    assert where.offset(0, 99) == text.index("\r\n")  # past the line's end: the line's end, not its break
    assert where.offset(2, 0) == where.offset(2, 5) == text.index("\rold")  # the empty line between \r\n and \r
    assert where.offset(3, 4) == text.index("\u2028") + 1  # U+2028 is no line break to the LSP
    assert where.offset(9, 0) == len(text)  # past the last line: the end
    assert where.offset(0, 1) == 0  # inside the emoji's surrogate pair: its start
    assert Positions(text, "utf-8").offset(1, 6) == text.index("é 🙂")  # inside é's two bytes


def test_incremental_changes_apply_in_order():
    from lsprotocol import types
    from linter.lsp import apply_change

    def change(a, b, c, d, new):
        return types.TextDocumentContentChangePartial(
            range=types.Range(types.Position(a, b), types.Position(c, d)), text=new)

    text = "🙂 one\r\ntwo\rthree"
    text = apply_change(text, change(0, 99, 1, 0, " "))  # joins the first two lines
    assert text == "🙂 one two\rthree"
    text = apply_change(text, change(0, 3, 0, 6, "1"))  # after the emoji (2 units)
    assert text == "🙂 1 two\rthree"
    text = apply_change(text, change(7, 0, 7, 0, "\r\nend"))  # past the last line: appended
    assert text == "🙂 1 two\rthree\r\nend"
    assert apply_change(text, types.TextDocumentContentChangeWholeDocument(text="new")) == "new"


def test_text_edits_turn_the_old_text_into_the_new():
    from linter.lsp import text_edits

    old = "Kiev one\r\nkeep\nKiev two 🙂\rKiev\n"
    new = old.replace("Kiev", "Kyiv")
    edits = text_edits(old, new)
    assert [(old[a:b], t) for a, b, t in edits] == [("ie", "yi")] * 3
    out = old
    for a, b, t in reversed(edits):
        out = out[:a] + t + out[b:]
    assert out == new
    assert text_edits(old, old) == []


def test_incremental_sync_with_emoji_crlf_and_a_lone_cr(tmp_path):
    place_names_only(tmp_path)
    client = Client(tmp_path)
    try:
        init = client.start(tmp_path)
        assert init["capabilities"]["textDocumentSync"]["change"] == 2  # Incremental
        assert init["capabilities"].get("positionEncoding", "utf-16") == "utf-16"
        uri = (tmp_path / "draft.txt").as_uri()
        text = "🙂 café\r\nKiev é 🙂 Kiev\r\nold\rKiev end"
        client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "plaintext",
                                                                "version": 1, "text": text}})
        found = client.diagnostics(uri)
        assert [d["range"] for d in found if d["code"] == "style.place-names"] == kiev_ranges(text)
        assert kiev_ranges(text)[1]["start"] == pos(1, 10)  # "Kiev é 🙂 ": the emoji is two units

        text, first = ref_change(text, pos(1, 10), pos(1, 14), "Kyiv")
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [first]})
        # several changes in one notification, each against the text the last one left:
        # join lines 0 and 1 over their CRLF (a character past the line's end means its end),
        # then insert a CRLF and emoji before the lone CR, then append past the last line
        text, join = ref_change(text, pos(0, 99), pos(1, 0), " ")
        text, insert = ref_change(text, pos(1, 3), pos(1, 3), " near Kiev\r\n🙂🙂")
        text, append = ref_change(text, pos(9, 0), pos(9, 0), "\nKiev tail\n")
        assert text == "🙂 café Kiev é 🙂 Kyiv\r\nold near Kiev\r\n🙂🙂\rKiev end\nKiev tail\n"
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3},
                                                 "contentChanges": [join, insert, append]})
        message = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                              and m["params"].get("version") == 3)
        found = message["params"]["diagnostics"]
        assert [d["range"] for d in found if d["code"] == "style.place-names"] == kiev_ranges(text)

        # source.fixAll: every safe fix of the document as the server holds it
        actions = client.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": {"start": pos(0, 0), "end": pos(0, 0)},
            "context": {"diagnostics": [], "only": ["source.fixAll"]}})
        (fix_all,) = actions
        assert fix_all["kind"] == "source.fixAll"
        edits = fix_all["edit"]["changes"][uri]
        assert len(edits) == 4 and ref_apply(text, edits) == text.replace("Kiev", "Kyiv")
        assert client.stop() == 0
    finally:
        client.close()


def test_utf8_positions_when_the_client_prefers_them(tmp_path):
    place_names_only(tmp_path)
    client = Client(tmp_path)
    try:
        init = client.start(tmp_path, {"general": {"positionEncodings": ["utf-8", "utf-16"]}})
        assert init["capabilities"]["positionEncoding"] == "utf-8"
        uri = (tmp_path / "draft.txt").as_uri()
        text = "é 🙂 Kiev.\n"
        client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "plaintext",
                                                                "version": 1, "text": text}})
        (kiev,) = [d for d in client.diagnostics(uri) if d["code"] == "style.place-names"]
        assert kiev["range"] == {"start": pos(0, 8), "end": pos(0, 12)}  # bytes: é 2, 🙂 4
        _, change = ref_change(text, pos(0, 8), pos(0, 12), "Kyiv", "utf-8")
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [change]})
        message = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                              and m["params"].get("version") == 2)
        assert not [d for d in message["params"]["diagnostics"] if d["code"] == "style.place-names"]
        assert client.stop() == 0
    finally:
        client.close()


def test_changes_are_debounced_and_saves_publish(tmp_path):
    place_names_only(tmp_path)
    from linter.lsp import DEBOUNCE_SECONDS

    client = Client(tmp_path)
    try:
        client.start(tmp_path)
        uri = (tmp_path / "draft.txt").as_uri()
        client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "plaintext",
                                                                "version": 1, "text": "Kiev"}})
        client.diagnostics(uri)
        # five keystrokes arriving together: one lint, of the last version
        typed = [{"method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": v},
            "contentChanges": [{"range": {"start": pos(0, 4), "end": pos(0, 4)}, "text": c}]}}
            for v, c in zip(range(2, 7), " hit.")]
        began = time.monotonic()
        client.send(*typed)
        message = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics")
        assert time.monotonic() - began >= DEBOUNCE_SECONDS
        assert message["params"]["version"] == 6
        (kiev,) = [d for d in message["params"]["diagnostics"] if d["code"] == "style.place-names"]
        assert kiev["range"] == {"start": pos(0, 0), "end": pos(0, 4)}
        later = client.quiet_for(1.0)
        assert not [m for m in later if m.get("method") == "textDocument/publishDiagnostics"]
        client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
        assert [d["code"] for d in client.diagnostics(uri)] == ["style.place-names"]
        assert client.stop() == 0
    finally:
        client.close()


def test_configuration_changes_are_picked_up_and_bad_input_never_stops_the_server(tmp_path):
    config = tmp_path / ".artlint.yaml"
    config.write_text("select: [style]\nignore: [style.place-names]\n", encoding="utf-8")
    client = Client(tmp_path)
    try:
        client.start(tmp_path, {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}}})
        registration = client.wait(lambda m: m.get("method") == "client/registerCapability")
        client.send({"id": registration["id"], "result": None})
        (watch,) = registration["params"]["registrations"]
        assert watch["method"] == "workspace/didChangeWatchedFiles"
        assert {"globPattern": "**/.artlint.yaml"} in watch["registerOptions"]["watchers"]

        uri = (tmp_path / "draft.md").as_uri()
        client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown",
                                                                "version": 1, "text": "Drones over Kiev.\n"}})
        assert not [d for d in client.diagnostics(uri) if d["code"] == "style.place-names"]
        config.write_text("select: [style]\n", encoding="utf-8")
        client.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": config.as_uri(), "type": 2}]})
        assert [d["code"] for d in client.diagnostics(uri)] == ["style.place-names"]

        config.write_text("ignore: [unclosed\n", encoding="utf-8")  # broken YAML: one diagnostic
        client.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": config.as_uri(), "type": 2}]})
        (problem,) = client.diagnostics(uri)
        assert ".artlint.yaml" in problem["message"] and problem["severity"] == 1
        assert problem["range"]["start"] == pos(0, 0)

        # none of these stops the server: a change to a document never opened, a
        # range past the end, a lone surrogate, a document that is too big, params that are not
        client.notify("textDocument/didChange", {"textDocument": {"uri": (tmp_path / "x.md").as_uri(), "version": 2},
                                                 "contentChanges": [{"text": "Kiev"}]})
        client.notify("textDocument/didOpen", {"textDocument": "not a document"})
        other = (tmp_path / "sub" / "other.txt").as_uri()
        (tmp_path / "sub").mkdir()
        (tmp_path / "sub" / ".artlint.yaml").write_text("select: [style]\nmax_file_size: 5\n", encoding="utf-8")
        client.notify("textDocument/didOpen", {"textDocument": {"uri": other, "languageId": "plaintext",
                                                                "version": 1, "text": "x \ud800 Kiev"}})
        (too_big,) = client.diagnostics(other)
        assert "other.txt" in too_big["message"] and too_big["range"]["start"] == pos(0, 0)
        (tmp_path / "sub" / ".artlint.yaml").write_text("select: [style]\n", encoding="utf-8")
        client.notify("textDocument/didChange", {"textDocument": {"uri": other, "version": 2}, "contentChanges": [
            {"range": {"start": pos(40, 3), "end": pos(50, 0)}, "text": " Kiev"}]})
        message = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                              and m["params"]["uri"] == other and m["params"].get("version") == 2)
        found = message["params"]["diagnostics"]
        assert [d["range"] for d in found] == kiev_ranges("x \ud800 Kiev Kiev")

        # the configuration opened, mended and saved in the editor: read again, and not linted as prose
        client.notify("textDocument/didOpen", {"textDocument": {"uri": config.as_uri(), "languageId": "yaml",
                                                                "version": 1, "text": config.read_text()}})
        config.write_text("select: [style]\n", encoding="utf-8")
        client.notify("textDocument/didSave", {"textDocument": {"uri": config.as_uri()}})
        assert [d["code"] for d in client.diagnostics(uri)] == ["style.place-names"]
        assert not [m for m in client.seen if m.get("method") == "textDocument/publishDiagnostics"
                    and m["params"]["uri"] == config.as_uri()]
        assert client.stop() == 0
    finally:
        client.close()


def test_code_action_kinds_are_matched_as_a_hierarchy():
    from linter.lsp import wants

    assert wants("source.fixAll", ["source"]) and wants("source.fixAll", ["source.fixAll"])
    assert wants("quickfix", None) and wants("quickfix", [])
    assert not wants("quickfix", ["source.fixAll"]) and not wants("source.fixAll", ["quickfix"])
    assert not wants("source.fixAllOther", ["source.fixAll"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "é", "🙂", "\r", "\n", "\r\n", "\u2028", "\f", " "]), max_size=30).map("".join),
       st.lists(st.tuples(st.integers(0, 8), st.integers(0, 12), st.integers(0, 8), st.integers(0, 12),
                          st.sampled_from(["", "x", "🙂", "\r\n", "\r", "é\n"])), max_size=6),
       st.sampled_from(sorted(CODECS)))
def test_any_incremental_changes_give_the_text_the_protocol_says(text, changes, encoding):
    from lsprotocol import types
    from linter.lsp import apply_change

    server = text
    for a, b, c, d, new in changes:
        start, end = sorted([(a, b), (c, d)], key=lambda p: ref_offset(text, pos(*p), encoding))
        text, _ = ref_change(text, pos(*start), pos(*end), new, encoding)
        change = types.TextDocumentContentChangePartial(
            range=types.Range(types.Position(*start), types.Position(*end)), text=new)
        server = apply_change(server, change, encoding)
        assert server == text
