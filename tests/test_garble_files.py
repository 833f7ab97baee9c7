"""The garble model's files: a damaged, cut or foreign file gives one
ValueError naming it (an error line for the file being checked, never a
bare IndexError from deep in the scoring), and the plain-Python path works
out only the word-level logits its features use."""
from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from linter import garble
from linter.garble import binfile, hashed, ngram, small
from linter.garble.model_runtime import GarbleModel, npz_arrays
from linter.garble.symbols import is_word, tokenize

READERS = [small.read_views, ngram.read_arrays]


def small_file(tmp_path):
    path = tmp_path / "arrays.bin"
    ngram.write_arrays(path, {"a": np.arange(10, dtype=np.uint32), "b": np.ones(3, np.float32),
                              "n": np.array(7, np.int64)})
    return path


def with_header(path, index: dict) -> None:
    """path's arrays with another header (same length, so the arrays stay where they were)."""
    data = path.read_bytes()
    _, start = binfile.header(data, path)
    header = json.dumps(index, separators=(",", ":")).encode()
    length = start - len(binfile.MAGIC) - 8
    assert len(header) <= length
    path.write_bytes(binfile.MAGIC + length.to_bytes(8, "little") + header.ljust(length) + data[start:])


@pytest.mark.parametrize("read", READERS)
def test_a_whole_file_reads(tmp_path, read):
    found = read(small_file(tmp_path))
    assert list(found["a"]) == list(range(10)) and list(found["b"]) == [1.0] * 3 and int(found["n"]) == 7


@pytest.mark.parametrize("read", READERS)
def test_a_file_cut_short_names_itself(tmp_path, read):
    path = small_file(tmp_path)
    path.write_bytes(path.read_bytes()[:-8])  # the last array ("n") loses its bytes
    with pytest.raises(ValueError, match=rf"^{path}: damaged artlint model file \(array n is cut short"):
        read(path)


@pytest.mark.parametrize("read", READERS)
@pytest.mark.parametrize("entry", [["<u4", [10], -4], ["<u4", [-1], 0], ["u4", [10], 0], ["<u4", 10, 0], "x"])
def test_a_malformed_header_entry_names_the_file(tmp_path, read, entry):
    path = small_file(tmp_path)
    index, _ = binfile.header(path.read_bytes(), path)
    with_header(path, {**index, "a": entry})
    with pytest.raises(ValueError, match=rf"^{path}: damaged artlint model file \(array a "):
        read(path)


@pytest.mark.parametrize("read", READERS)
def test_an_unreadable_header_or_a_foreign_file_names_the_file(tmp_path, read):
    path = small_file(tmp_path)
    data = bytearray(path.read_bytes())
    data[len(binfile.MAGIC) + 8] = 0xFF  # the header's first byte: no JSON (nor UTF-8) now
    path.write_bytes(bytes(data))
    with pytest.raises(ValueError, match=rf"^{path}: damaged artlint model file \(its header cannot be read\)"):
        read(path)
    path.write_bytes(binfile.MAGIC + (10 ** 6).to_bytes(8, "little") + b"{}")  # a header longer than the file
    with pytest.raises(ValueError, match="its header cannot be read"):
        read(path)
    path.write_bytes(b"PK\x03\x04 not a model")
    with pytest.raises(ValueError, match=rf"^{path}: not an artlint model file"):
        read(path)


def shipped_copy(tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(garble.model_folder(), folder)
    return folder


def test_both_models_refuse_a_cut_shipped_language_model(tmp_path):
    folder = shipped_copy(tmp_path)
    lm = folder / "lm.bin"
    lm.write_bytes(lm.read_bytes()[:5_000_000])
    for model in (small.SmallModel, GarbleModel):
        with pytest.raises(ValueError, match=rf"^{lm}: damaged artlint model file \(array \w+ is cut short"):
            model.from_files(folder)


def test_a_damaged_word_model_names_its_file(tmp_path):
    path = tmp_path / "word.npz"
    path.write_bytes(b"PK\x03\x04 cut")
    with pytest.raises(ValueError, match=rf"^{path}: damaged or unreadable artlint model file"):
        npz_arrays(path)


def test_only_the_word_tokens_logits_are_worked_out():
    """of_words gives of()'s logit for every word token and 0.0 for the
    rest, whose (previous, token, next) triples it never works out."""
    model = garble.load_small()
    texts = [t.text for t in tokenize("Well, the alliance of the readiness (it said) was studied and deepened.")]
    fresh = hashed.TokenLogits(model.word_half_floats, model.word_bias, half=True)
    got = fresh.of_words(texts)
    assert set(fresh.triples) == {t for t, text in zip(fresh.triples_of(texts), texts) if is_word(text)}
    want = hashed.TokenLogits(model.word_half_floats, model.word_bias, half=True).of(texts)
    assert got == [x if is_word(text) else 0.0 for text, x in zip(texts, want)]
    assert any(not is_word(text) for text in texts) and any(x != 0.0 for x in got)
