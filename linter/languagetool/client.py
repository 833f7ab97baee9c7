"""A small HTTP client for LanguageTool's /v2 API: matches parsed with their
offsets in characters, retries with back-off, and many documents' chunks
sent with bounded concurrency."""
from __future__ import annotations

import http.client
import json
import re
import socket
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from .chunks import Chunk, Utf16Index, utf16_len
from .settings import Settings

MAX_SUGGESTIONS = 5
USER_AGENT = "artlint"

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
