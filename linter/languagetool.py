"""Talking to LanguageTool: settings, request-sized chunks of a Document's
prose, the UTF-16 offset map, and a small HTTP client for `/v2/check`.

Why our own HTTP client and not `language_tool_python.LanguageTool.check`:

- Offsets. LanguageTool (Java) counts offsets in UTF-16 code units.
  language_tool_python shifts `offset` for characters outside the Basic
  Multilingual Plane but not `length`, and it keeps the text it last saw in
  class attributes (`Match.PREVIOUS_MATCHES_TEXT`), which is not safe when
  several threads check at once. We map both ends ourselves (`Utf16Index`).
- Faults. Its client retries connection errors but has a fixed five-minute
  timeout and raises on a slow or garbled server; artlint needs a configured
  timeout, retries with back-off, a circuit breaker that stops after the
  first request that could not be answered, and a one-line warning.
- Fields. Its `Match` drops the rule description, the category name and
  `shortMessage`, which artlint's report and configuration use.
- Licence. language_tool_python is GPL-3.0-only; keeping the HTTP path in
  stdlib code means a run against a server never imports it.

language_tool_python is used for a LanguageTool installed in its download
cache (`LTP_PATH`, default `~/.cache/language_tool_python`): it checks the
Java version and builds the server's command line (`LocalServer`). We look
for that install ourselves first, read-only, and never call the library
when there is none: it would download a several-hundred-megabyte archive at
run time.
"""
from __future__ import annotations

import bisect
import http.client
import json
import os
import re
import socket
import subprocess
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .document import Block, Document
from .model import CATEGORIES, SEVERITIES, LintError

SEPARATOR = "\n\n"  # between blocks in one request: LanguageTool reads it as a paragraph break
MAX_SUGGESTIONS = 5
USER_AGENT = "artlint"

# ---------------------------------------------------------------- settings


@dataclass(frozen=True)
class Settings:
    """The `languagetool:` section of the configuration, validated."""

    server: str | None = None
    language: str = "en-US"
    mother_tongue: str | None = None
    required: bool = False
    enabled_rules: tuple[str, ...] = ()
    disabled_rules: tuple[str, ...] = ()
    enabled_categories: tuple[str, ...] = ()
    disabled_categories: tuple[str, ...] = ()
    enabled_only: bool = False
    picky: bool = False
    timeout: float = 20.0
    retries: int = 2
    concurrency: int = 4
    max_chunk_chars: int = 10000
    severity: dict = field(default_factory=dict)  # lower-cased rule id / category id / issue type -> severity
    category: dict = field(default_factory=dict)  # same keys -> artlint category

    def form(self, text: str) -> dict[str, str]:
        """The form fields of one /v2/check request."""
        fields = {"text": text, "language": self.language}
        optional = {
            "motherTongue": self.mother_tongue,
            "enabledRules": ",".join(self.enabled_rules),
            "disabledRules": ",".join(self.disabled_rules),
            "enabledCategories": ",".join(self.enabled_categories),
            "disabledCategories": ",".join(self.disabled_categories),
            "enabledOnly": "true" if self.enabled_only else "",
            "level": "picky" if self.picky else "",
        }
        fields.update({k: v for k, v in optional.items() if v})
        return fields

    def lookup(self, table: dict, match: "LTMatch", default: str) -> str:
        """The most specific entry for a match: rule id, then LanguageTool
        category id, then issue type."""
        for key in (match.rule_id, match.category_id, match.issue_type):
            if key and key.lower() in table:
                return table[key.lower()]
        return default


def parse_settings(raw, where: str) -> Settings:
    """Settings from the configuration mapping; LintError names the bad key."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise LintError(f"{where}: languagetool: must be a mapping of settings")
    values = {}
    for key, value in raw.items():
        parse = PARSERS.get(key)
        if parse is None:
            known = ", ".join(sorted(PARSERS))
            raise LintError(f"{where}: languagetool.{key}: unknown setting (known: {known})")
        try:
            values[key] = parse(value)
        except ValueError as exc:
            raise LintError(f"{where}: languagetool.{key}: {exc}") from None
    settings = Settings(**values)
    if settings.enabled_only and not (settings.enabled_rules or settings.enabled_categories):
        raise LintError(f"{where}: languagetool.enabled_only: needs enabled_rules or enabled_categories")
    return settings


def _url(value) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not re.match(r"https?://[^/\s]+", value):
        raise ValueError(f"{value!r} is not an http:// or https:// URL")
    return value


def _language(value) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]+)*|auto", value):
        raise ValueError(f"{value!r} is not a language code such as en-US")
    return value


def _optional_language(value) -> str | None:
    return None if value is None else _language(value)


def _bool(value) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{value!r} is not true or false")
    return value


def _ids(value) -> tuple[str, ...]:
    """A list of LanguageTool ids, or one comma-separated string."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) and re.fullmatch(r"\s*[\w.:-]+\s*", i) for i in items):
        raise ValueError(f"{value!r} is not a list of rule or category ids")
    return tuple(i.strip() for i in items)


def _positive(kind, low):
    """A parser of numbers of `kind` (int or float) no lower than `low`."""
    accepted = (int,) if kind is int else (int, float)

    def parse(value):
        if isinstance(value, bool) or not isinstance(value, accepted) or value < low:
            noun = "a whole number" if kind is int else "a number"
            raise ValueError(f"{value!r} is not {noun} >= {low}")
        return kind(value)
    return parse


def _table(allowed, noun):
    def parse(value):
        if not isinstance(value, dict):
            raise ValueError("must map LanguageTool rule ids, categories or issue types to a " + noun)
        for key, target in value.items():
            if target not in allowed:
                raise ValueError(f"{key}: {target!r} is not a {noun} ({', '.join(allowed)})")
        return {str(k).lower(): v for k, v in value.items()}
    return parse


PARSERS = {
    "server": _url,
    "language": _language,
    "mother_tongue": _optional_language,
    "required": _bool,
    "enabled": _bool,  # run with a local install even when no server is set
    "enabled_rules": _ids,
    "disabled_rules": _ids,
    "enabled_categories": _ids,
    "disabled_categories": _ids,
    "enabled_only": _bool,
    "picky": _bool,
    "timeout": _positive(float, 0.01),
    "retries": _positive(int, 0),
    "concurrency": _positive(int, 1),
    "max_chunk_chars": _positive(int, 200),
    "severity": _table(SEVERITIES, "severity"),
    "category": _table(CATEGORIES, "category"),
}

# ---------------------------------------------------------------- chunks


@dataclass(frozen=True)
class Segment:
    """block.text[start:end], one piece of a request."""

    block: Block
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.block.text[self.start:self.end]


@dataclass(frozen=True)
class Chunk:
    """The text of one request and where each of its segments begins in it."""

    text: str
    segments: tuple[Segment, ...]
    bases: tuple[int, ...]

    @classmethod
    def of(cls, segments: list[Segment]) -> "Chunk":
        bases, pos = [], 0
        for seg in segments:
            bases.append(pos)
            pos += seg.end - seg.start + len(SEPARATOR)
        return cls(SEPARATOR.join(s.text for s in segments), tuple(segments), tuple(bases))

    def locate(self, start: int, end: int) -> tuple[Block, int, int] | None:
        """(block, start, end) in block text of chunk text[start:end]; None
        for a match that begins in a separator. A match running past its
        segment is cut at the segment's end."""
        i = bisect.bisect_right(self.bases, start) - 1
        seg = self.segments[i]
        local, size = start - self.bases[i], seg.end - seg.start
        if local >= size:
            return None
        local_end = min(max(end - self.bases[i], local + 1), size)
        return seg.block, seg.start + local, seg.start + local_end


SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")


def split_block(block: Block, limit: int) -> list[Segment]:
    """A block in pieces of at most `limit` characters, cut after a
    sentence when one ends in the window, else at a space."""
    text, start, pieces = block.text, 0, []
    while len(text) - start > limit:
        window = text[start:start + limit]
        cuts = [m.end() for m in SENTENCE_END.finditer(window)]
        cut = cuts[-1] if cuts and cuts[-1] > limit // 4 else (window.rfind(" ") + 1 or limit)
        piece_end = start + len(window[:cut].rstrip())
        if piece_end > start:
            pieces.append(Segment(block, start, piece_end))
        start += cut
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        pieces.append(Segment(block, start, len(text)))
    return pieces


def chunk_document(doc: Document, limit: int) -> list[Chunk]:
    """The document's prose blocks packed into requests of at most `limit`
    characters, cut only between paragraphs unless one paragraph is longer."""
    chunks, segments, size = [], [], 0
    for block in doc.prose_blocks:
        for seg in split_block(block, limit):
            length = seg.end - seg.start
            if segments and size + len(SEPARATOR) + length > limit:
                chunks.append(Chunk.of(segments))
                segments, size = [], 0
            size += length + (len(SEPARATOR) if segments else 0)
            segments.append(seg)
    if segments:
        chunks.append(Chunk.of(segments))
    return chunks

# ---------------------------------------------------------------- offsets


ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class Utf16Index:
    """Maps UTF-16 code-unit offsets (Java's String indices) to Python
    character offsets. Each character outside the Basic Multilingual Plane
    (most emoji, flags, some CJK) is one Python character but two units."""

    def __init__(self, text: str):
        astral = [m.start() for m in ASTRAL.finditer(text)]
        self.units = [pos + k for k, pos in enumerate(astral)]  # unit offset of each astral char

    def to_char(self, unit: int, *, end: bool = False) -> int:
        """The character offset of a unit offset. An offset inside a
        surrogate pair rounds down for a start and up for an end."""
        before = bisect.bisect_left(self.units, unit)  # astral chars beginning before `unit`
        char = unit - before
        if end and before and self.units[before - 1] + 1 == unit:
            char += 1
        return char


def utf16_len(text: str) -> int:
    return len(text) + len(ASTRAL.findall(text))

# ---------------------------------------------------------------- matches


@dataclass(frozen=True)
class LTMatch:
    """One LanguageTool match, its span in characters of the chunk text."""

    start: int
    end: int
    message: str
    short_message: str
    replacements: tuple[str, ...]
    rule_id: str
    rule_description: str
    issue_type: str
    category_id: str
    category_name: str


class ServerFault(Exception):
    """The server could not be reached or gave an answer we cannot use."""


def parse_matches(payload, text: str) -> list[LTMatch]:
    """The matches of a /v2/check answer, offsets turned into characters."""
    if not isinstance(payload, dict) or not isinstance(payload.get("matches"), list):
        raise ServerFault("answered JSON without a 'matches' list")
    index, total = Utf16Index(text), utf16_len(text)
    try:
        return [parse_match(m, index, total) for m in payload["matches"]]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ServerFault(f"answered a malformed match ({type(exc).__name__}: {exc})") from None


def parse_match(m: dict, index: Utf16Index, total: int) -> LTMatch:
    offset, length = m["offset"], m["length"]
    if not (isinstance(offset, int) and isinstance(length, int) and 0 <= offset and 0 <= length and offset + length <= total):
        raise ValueError(f"offset {offset!r}, length {length!r} outside a text of {total} UTF-16 units")
    rule = m.get("rule") or {}
    category = rule.get("category") or {}
    return LTMatch(
        start=index.to_char(offset),
        end=index.to_char(offset + length, end=True),
        message=str(m["message"]),
        short_message=str(m.get("shortMessage") or ""),
        replacements=tuple(str(r["value"]) for r in (m.get("replacements") or [])[:MAX_SUGGESTIONS]),
        rule_id=str(rule.get("id", "")),
        rule_description=str(rule.get("description", "")),
        issue_type=str(rule.get("issueType", "")),
        category_id=str(category.get("id", "")),
        category_name=str(category.get("name", "")),
    )

# ---------------------------------------------------------------- client

RETRY_STATUS = {429, 500, 502, 503, 504}
STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


class Client:
    """A LanguageTool HTTP API client: one keep-alive connection a thread,
    a timeout a request, retries with back-off for transient faults."""

    def __init__(self, url: str, *, timeout: float = 20.0, retries: int = 2, backoff: float = 0.25):
        self.url = url.rstrip("/")
        parts = urllib.parse.urlsplit(self.url)
        self.https = parts.scheme == "https"
        self.host, self.port = parts.hostname or "localhost", parts.port
        self.base = re.sub(r"/v2$", "", parts.path.rstrip("/")) + "/v2/"
        self.timeout, self.retries, self.backoff = timeout, retries, backoff
        self.local = threading.local()

    def languages(self) -> list[dict]:
        answer = self.request("GET", "languages")
        if not isinstance(answer, list) or not all(isinstance(e, dict) for e in answer):
            raise ServerFault("answered /v2/languages with something other than a list of languages")
        return answer

    def check(self, text: str, settings: Settings) -> list[LTMatch]:
        body = urllib.parse.urlencode(settings.form(text)).encode("utf-8")
        return parse_matches(self.request("POST", "check", body), text)

    def request(self, method: str, endpoint: str, body: bytes | None = None):
        problem = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                status, data = self.exchange(method, self.base + endpoint, body)
            except (OSError, http.client.HTTPException) as exc:
                problem = self.describe(exc)
                continue
            if status in RETRY_STATUS:
                problem = f"answered HTTP {status}"
                continue
            if status != 200:
                raise ServerFault(f"answered HTTP {status}: {summary(data)}")
            return decode(data)
        tries = self.retries + 1
        raise ServerFault(problem + (f" ({tries} attempts)" if tries > 1 else ""))

    def exchange(self, method: str, path: str, body: bytes | None) -> tuple[int, bytes]:
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
        for attempt in (1, 2):
            conn, fresh = self.connection()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                return response.status, response.read()
            except STALE:
                self.drop()
                if fresh or attempt == 2:
                    raise
                # else the server closed a kept-alive connection between requests: reconnect once
            except BaseException:
                self.drop()
                raise
        raise AssertionError("unreachable")

    def connection(self) -> tuple[http.client.HTTPConnection, bool]:
        conn = getattr(self.local, "conn", None)
        if conn is not None:
            return conn, False
        cls = http.client.HTTPSConnection if self.https else http.client.HTTPConnection
        self.local.conn = cls(self.host, self.port, timeout=self.timeout)
        return self.local.conn, True

    def drop(self) -> None:
        conn = getattr(self.local, "conn", None)
        if conn is not None:
            conn.close()
        self.local.conn = None

    def describe(self, exc: BaseException) -> str:
        if isinstance(exc, (TimeoutError, socket.timeout)):
            return f"no answer within {self.timeout:g} s"
        if isinstance(exc, ConnectionRefusedError):
            return "connection refused"
        if isinstance(exc, socket.gaierror):
            return f"unknown host {self.host!r}"
        if isinstance(exc, http.client.HTTPException):
            return f"broken HTTP answer ({type(exc).__name__})"
        text = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return text or type(exc).__name__


def decode(data: bytes):
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ServerFault(f"answered something that is not JSON: {summary(data)}") from None


def summary(data: bytes) -> str:
    text = " ".join(data[:120].decode("utf-8", "replace").split())
    return repr(text + ("…" if len(data) > 120 else ""))


def check_language(client: Client, language: str) -> None:
    """ServerFault unless the server offers the configured language."""
    if language == "auto":
        return
    codes = {code for entry in client.languages() for code in (entry.get("code"), entry.get("longCode")) if code}
    if language not in codes and language.split("-")[0] not in codes:
        raise ServerFault(f"does not offer language {language!r}")

# ---------------------------------------------------------------- many documents


@dataclass
class Outcome:
    """Per document key: its located matches, or None when its requests failed."""

    results: dict = field(default_factory=dict)
    fault: str | None = None


def check_chunks(client: Client, jobs: dict, settings: Settings) -> Outcome:
    """Sends every chunk of every document (`jobs`: key -> [Chunk]) with at
    most `settings.concurrency` requests in flight. After the first request
    that could not be answered, the rest are not sent."""
    broken = threading.Event()
    faults: list[str] = []

    def work(chunk: Chunk):
        if broken.is_set():
            return None
        try:
            return client.check(chunk.text, settings)
        except ServerFault as exc:
            faults.append(str(exc))
        except Exception as exc:  # noqa: BLE001 - a fault of the server must never become a traceback
            faults.append(f"unexpected error: {type(exc).__name__}: {exc}")
        broken.set()
        return None

    outcome = Outcome()
    with ThreadPoolExecutor(max_workers=settings.concurrency, thread_name_prefix="languagetool") as pool:
        futures = {key: [(chunk, pool.submit(work, chunk)) for chunk in chunks] for key, chunks in jobs.items()}
        for key, pairs in futures.items():
            answers = [(chunk, future.result()) for chunk, future in pairs]
            if any(matches is None for _, matches in answers):
                outcome.results[key] = None
            else:
                outcome.results[key] = [(chunk.locate(m.start, m.end), m) for chunk, matches in answers for m in matches]
    outcome.fault = faults[0] if faults else None
    return outcome

# ---------------------------------------------------------------- a local install


def download_dir() -> Path:
    """language_tool_python's download cache (without creating it, which
    its own helper does)."""
    return Path(os.environ.get("LTP_PATH") or Path.home() / ".cache" / "language_tool_python")


def local_install() -> Path | None:
    """The newest LanguageTool unpacked in the download cache, if any."""
    folder = download_dir()
    if not folder.is_dir():
        return None
    found = [p for p in folder.glob("LanguageTool-*") if (p / "languagetool-server.jar").is_file()]
    return max(found, key=lambda p: [int(n) for n in re.findall(r"\d+", p.name)], default=None)


class LocalServer:
    """A LanguageTool server process started from the local install.

    language_tool_python (imported only here: GPL-3.0-only, an optional
    extra) checks the Java version and builds the command line; we start
    and stop the process ourselves. Its own `LanguageTool()` would, on a
    broken install, try the next port up to ~900 times, and would download
    LanguageTool when the version it looks for is missing."""

    STARTUP_SECONDS = 60

    def __init__(self, install: Path):
        try:
            from language_tool_python.download_lt import LocalLanguageTool, confirm_java_compatibility
        except ImportError:
            raise ServerFault("a local LanguageTool needs the optional extra: pip install 'artlint[languagetool]'") from None
        try:
            local = LocalLanguageTool.from_path(install)
            confirm_java_compatibility(local.version_name)
            port = free_port()
            command = [str(part) for part in local.get_server_cmd(port)]
        except Exception as exc:  # noqa: BLE001 - no Java, old Java, odd folder name...
            raise ServerFault(f"cannot start it: {exc}") from None
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        try:
            self.wait_until_ready()
        except ServerFault:
            self.close()
            raise

    def wait_until_ready(self) -> None:
        probe = Client(self.url, timeout=2, retries=0)
        deadline = time.monotonic() + self.STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerFault(f"it exited at start-up with status {self.process.returncode}")
            try:
                probe.languages()
                return
            except ServerFault:
                time.sleep(0.25)
        raise ServerFault(f"it did not answer within {self.STARTUP_SECONDS} s of starting")

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
