#!/usr/bin/env bash
# CI: install LanguageTool (cached in $ARTLINT_CACHE and ~/.m2 between runs on
# this machine), start it on 127.0.0.1, and export its URL for the grammar
# integration tests (tests/test_languagetool_real.py). Source this file from
# .ci/run after the venv is built; the trap it sets stops the server.
# Without Java or Maven it exports nothing: those tests then skip, naming why.
if ! command -v java >/dev/null 2>&1 || ! command -v mvn >/dev/null 2>&1; then
  echo "CI: no Java or Maven on this machine: the real-LanguageTool tests will skip" >&2
  return 0 2>/dev/null || exit 0
fi
export ARTLINT_CACHE="${ARTLINT_CACHE:-${HOME:-/root}/.cache/artlint}"
lt_started=$(date +%s)
.venv/bin/artlint languagetool install || { echo "CI: LanguageTool install failed" >&2; exit 1; }
lt_log=$(mktemp)
.venv/bin/artlint languagetool serve --port 0 >"$lt_log" 2>&1 &
LT_SERVE_PID=$!
stop_languagetool() { kill "$LT_SERVE_PID" 2>/dev/null && wait "$LT_SERVE_PID" 2>/dev/null; rm -f "$lt_log"; }
trap stop_languagetool EXIT
for _ in $(seq 1 400); do  # serve prints its URL once LanguageTool answers
  url=$(sed -n 's/.* listening on \(http:[^ ]*\) .*/\1/p' "$lt_log")
  [ -n "$url" ] && break
  kill -0 "$LT_SERVE_PID" 2>/dev/null || break
  sleep 0.5
done
if [ -z "${url:-}" ]; then
  echo "CI: LanguageTool did not start:" >&2; cat "$lt_log" >&2; exit 1
fi
export ARTLINT_LANGUAGETOOL_URL="$url"
echo "CI: LanguageTool at $url ($(( $(date +%s) - lt_started )) s to install and start)" >&2
