"""Talking to LanguageTool, split by job:

- `settings`: the `languagetool:` configuration section and the request form;
- `chunks`: request-sized chunks of a Document's prose, UTF-16 offsets;
- `client`: the HTTP client for `/v2/check` and many documents at once;
- `local`: a LanguageTool server process on this machine (`server: auto`);
- `install`: `artlint languagetool install` (Maven Central or a zip).

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
- Install. Its only way to get LanguageTool is a download of the full
  archive (every language, several hundred MB) at run time. artlint
  resolves the server and the English module from Maven Central, once, in
  the explicit `artlint languagetool install` (`install`), and never
  downloads anything while checking.
- Licence. language_tool_python is GPL-3.0-only; keeping the HTTP path in
  stdlib code means a run against a server never imports it.

language_tool_python is still used where it fits: to start a LanguageTool
that it downloaded itself into its cache (`LTP_PATH`), whose layout and Java
check it knows (`local.LtpServer`).
"""
import importlib

# Each name is imported from its module on first use (PEP 562), so that the
# command line, which registers `artlint languagetool`, does not import the
# HTTP client, subprocess handling and settings on every run.
_HOME = {
    "chunks": ("SEPARATOR", "Chunk", "Segment", "Utf16Index", "chunk_document", "split_block", "utf16_len"),
    "client": ("Client", "LTMatch", "Outcome", "ServerFault", "check_chunks", "check_language", "parse_matches"),
    "local": ("LocalServer", "free_port", "local_install"),
    "settings": ("Settings", "parse_settings"),
}
_MODULE_OF = {name: module for module, names in _HOME.items() for name in names}

__all__ = list(_MODULE_OF)


def __getattr__(name):
    if name not in _MODULE_OF:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_MODULE_OF[name]}"), name)
    globals()[name] = value
    return value
