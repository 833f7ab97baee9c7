"""python -m linter.garble < sentences.txt: one garble score a line."""
import sys

from . import load


def main() -> int:
    lines = sys.stdin.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    scores = load().sentence_scores(lines) if lines else []
    try:
        sys.stdout.write("".join(f"{s:.6f}\n" for s in scores))
    except BrokenPipeError:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
