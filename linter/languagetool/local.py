"""A LanguageTool server process on this machine, bound to 127.0.0.1.

Two kinds of install are started: artlint's own (`artlint languagetool
install`, a folder of jars with an `artlint-install.json`), which we launch
ourselves, and one that language_tool_python downloaded into its cache
(`LTP_PATH`), which it knows how to launch."""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import time
from pathlib import Path

from .client import Client, ServerFault
from .settings import Settings

MARKER = "artlint-install.json"  # written last by `artlint languagetool install`
MAIN_CLASS = "org.languagetool.server.HTTPServer"
# A 2-core CI machine shared with other jobs: a bounded heap (English needs
# ~300 MB resident), and the serial collector, which uses one thread.
DEFAULT_MEMORY = "1g"
JVM_OPTIONS = ("-Xms128m", "-XX:+UseSerialGC", "-Dfile.encoding=UTF-8")


def cache_dir() -> Path:
    """Where `artlint languagetool install` puts LanguageTool by default."""
    base = os.environ.get("ARTLINT_CACHE") or Path.home() / ".cache" / "artlint"
    return Path(base) / "languagetool"


def download_dir() -> Path:
    """language_tool_python's download cache (without creating it, which
    its own helper does)."""
    return Path(os.environ.get("LTP_PATH") or Path.home() / ".cache" / "language_tool_python")


def version_key(path: Path) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", path.name)]


def artlint_installs(folder: Path) -> list[Path]:
    """artlint's complete installs in `folder`, oldest version first."""
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.glob("LanguageTool-*") if (p / MARKER).is_file()), key=version_key)


def local_install(folder: Path | None = None, version: str | None = None) -> Path | None:
    """The LanguageTool to start: the newest (or the given version) of
    artlint's installs in `folder` (default: the cache), else the newest
    unpacked in language_tool_python's download cache."""
    found = artlint_installs(folder or cache_dir())
    if version:
        found = [p for p in found if p.name == f"LanguageTool-{version}"]
    if found:
        return found[-1]
    if folder is not None or version:
        return None
    ltp = download_dir()
    if not ltp.is_dir():
        return None
    unpacked = [p for p in ltp.glob("LanguageTool-*") if (p / "languagetool-server.jar").is_file()]
    return max(unpacked, key=version_key, default=None)


def server_command(install: Path, port: int, memory: str = DEFAULT_MEMORY) -> list[str]:
    """The java command line of an artlint install's server on 127.0.0.1:port
    (LanguageTool's HTTPServer binds to localhost unless given --public)."""
    manifest = json.loads((install / MARKER).read_text(encoding="utf-8"))
    classpath = os.pathsep.join(str(install / entry) for entry in manifest["classpath"])
    return ["java", f"-Xmx{memory}", *JVM_OPTIONS, "-cp", classpath, MAIN_CLASS, "--port", str(port)]


def ltp_command(install: Path, port: int) -> list[str]:
    """language_tool_python's command line for an install in its cache
    (imported only here: GPL-3.0-only, an optional extra). Its own
    `LanguageTool()` would, on a broken install, try the next port up to
    ~900 times, and would download LanguageTool when the version it looks
    for is missing, so we only borrow the command and start it ourselves."""
    try:
        from language_tool_python.download_lt import LocalLanguageTool, confirm_java_compatibility
    except ImportError:
        raise ServerFault("a local LanguageTool needs the optional extra: pip install 'artlint[languagetool]'") from None
    try:
        local = LocalLanguageTool.from_path(install)
        confirm_java_compatibility(local.version_name)
        return [str(part) for part in local.get_server_cmd(port)]
    except Exception as exc:  # noqa: BLE001 - no Java, old Java, odd folder name...
        raise ServerFault(f"cannot start it: {exc}") from None


class LocalServer:
    """A LanguageTool server process started from a local install, stopped
    by `close()` (or on leaving a `with` block)."""

    STARTUP_SECONDS = 180  # start-up plus the first check took 34-40 s on a 2-core machine at load 12

    def __init__(self, install: Path, port: int | None = None, *, memory: str = DEFAULT_MEMORY, log: Path | None = None):
        port = port or free_port()
        own = (install / MARKER).is_file()
        command = server_command(install, port, memory) if own else ltp_command(install, port)
        self.url = f"http://127.0.0.1:{port}"
        self.started = time.monotonic()
        out = open(log, "ab") if log else subprocess.DEVNULL
        try:
            self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                            cwd=install if own else None)
        except FileNotFoundError:
            raise ServerFault("cannot start it: no `java` on PATH (LanguageTool needs Java 17 or newer)") from None
        finally:
            if log:
                out.close()
        try:
            self.wait_until_ready()
            self.warm_up()
        except ServerFault:
            self.close()
            raise
        self.startup_seconds = time.monotonic() - self.started

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

    def warm_up(self) -> None:
        """One small English check: LanguageTool loads a language's rules on
        its first request (about 10 s of CPU for English), which would
        otherwise count against the first real request's timeout."""
        left = max(self.STARTUP_SECONDS - (time.monotonic() - self.started), 5)
        try:
            Client(self.url, timeout=left, retries=0).check("This is a test.", Settings(language="en-US"))
        except ServerFault as exc:
            raise ServerFault(f"it answered, then failed its first check: {exc}") from None

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> "LocalServer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
