"""The shipped rule packs (package data; this folder is `rules/` in the repository)."""
