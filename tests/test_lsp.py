"""`artlint lsp` driven by a real LSP client: a small JSON-RPC client that
speaks Content-Length framed messages over the server's stdin and stdout."""
from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest

pytest.importorskip("pygls")

TIMEOUT = 60  # seconds for one answer (spaCy is not loaded; the knowledge base may be compiled once)


class Client:
    def __init__(self, cwd: Path):
        self.proc = subprocess.Popen([sys.executable, "-m", "linter", "lsp"], cwd=cwd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.messages: queue.Queue = queue.Queue()
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

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method: str, params) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params):
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        reply = self.wait(lambda m: m.get("id") == self.next_id and "method" not in m)
        assert "error" not in reply, reply
        return reply["result"]

    def wait(self, wanted):
        while True:
            message = self.messages.get(timeout=TIMEOUT)
            if "method" in message and "id" in message and not wanted(message):
                self.send({"id": message["id"], "result": None})  # a server request (e.g. registration)
                continue
            if wanted(message):
                return message

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
