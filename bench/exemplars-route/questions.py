"""Deterministic English-like questions for the exemplar route benchmarks (imported by setup.py and
methods.py): `count` questions of 8 to 24 words drawn from a 5,000-word vocabulary of pseudo-words
with a power-law skew (word rank = floor(5000 * u^2), u uniform: the most frequent word is in
about 1 draw of 70, so an OR query of a question's ~15 distinct words matches a large share of a
pool, as stop-words do), a question mark at the end. Same seed -> same questions."""
import random

LETTERS = "etaoinshrdlcumwfgypbvkjxqz"


def vocabulary(size=5000):
    rng = random.Random(0x5EED)
    words, seen = [], set()
    while len(words) < size:
        w = "".join(LETTERS[rng.randrange(16)] for _ in range(3 + rng.randrange(8)))
        if w not in seen:
            seen.add(w)
            words.append(w)
    return words


def questions(count, seed):
    vocab = vocabulary()
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        n = 8 + rng.randrange(17)
        words = [vocab[min(len(vocab) - 1, int(len(vocab) * rng.random() ** 2))] for _ in range(n)]
        out.append(" ".join(words).capitalize() + "?")
    return out
