#!/usr/bin/env python3
"""Independent reference for the evaluation statistics (Sources/Selection/EvaluationStatistics.swift).

Recomputes, with Python integers and exact fractions where possible, what the Swift code computes,
so tests compare against numbers not produced by the code under test:

  * SplitMix64 (wrapping 64-bit arithmetic) and `uniform(below: n) = next() % n`;
  * the percentile bootstrap of a mean: `resamples` resamples of n draws each from ONE generator
    seeded with `seed`, resample means sorted, cut at q = 0.025 and 0.975 with linear
    interpolation (h = (B - 1) q);
  * the exact two-sided McNemar p-value: min(1, 2 * sum_{i<=min(b,c)} C(b+c, i) / 2^(b+c)), as an
    exact fraction.

Run:  python3 scripts/evaluation_reference.py
The printed lines are pasted as constants into Tests/SelectionTests/EvaluationStatisticsTests.swift
and Tests/ServiceTests/EvaluationJobTests.swift (their comments name the case).
"""
from fractions import Fraction
from math import comb

MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)


def percentile(xs, q):
    h = (len(xs) - 1) * q
    lo = int(h // 1)
    if lo + 1 >= len(xs):
        return xs[-1]
    return xs[lo] + (h - lo) * (xs[lo + 1] - xs[lo])


def bootstrap(values, resamples, seed):
    g = SplitMix64(seed)
    n = len(values)
    means = []
    for _ in range(resamples):
        s = 0.0
        for _ in range(n):
            s += values[g.next() % n]
        means.append(s / n)
    means.sort()
    return percentile(means, 0.025), percentile(means, 0.975)


def mcnemar(b, c):
    n = b + c
    if n == 0:
        return Fraction(1)
    tail = sum(Fraction(comb(n, i), 2 ** n) for i in range(min(b, c) + 1))
    return min(Fraction(1), 2 * tail)


def report(name, outcomes_by_arm, resamples, seed):
    """outcomes_by_arm: {arm: [1/0/None per query]} (None = error pair)."""
    print(f"# {name} (resamples {resamples}, seed {seed})")
    arms = list(outcomes_by_arm)
    for a in arms:
        ok = [float(v) for v in outcomes_by_arm[a] if v is not None]
        lo, hi = bootstrap(ok, resamples, seed)
        print(f"arm {a}: n={len(ok)} correct={int(sum(ok))} accuracy={sum(ok) / len(ok)!r} ci95=({lo!r}, {hi!r})")
    for i, a in enumerate(arms):
        for b in arms[i + 1:]:
            pairs = [(x, y) for x, y in zip(outcomes_by_arm[a], outcomes_by_arm[b]) if x is not None and y is not None]
            diffs = [float(x - y) for x, y in pairs]
            only_a = sum(1 for x, y in pairs if x == 1 and y == 0)
            only_b = sum(1 for x, y in pairs if x == 0 and y == 1)
            lo, hi = bootstrap(diffs, resamples, seed)
            p = mcnemar(only_a, only_b)
            print(f"{a} - {b}: n={len(pairs)} difference={sum(diffs) / len(diffs)!r} ci95=({lo!r}, {hi!r}) "
                  f"a_only={only_a} b_only={only_b} p={float(p)!r} (exact {p})")


def main():
    # EvaluationStatisticsTests: a fixed outcome vector.
    values = [1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1]
    lo, hi = bootstrap([float(v) for v in values], 1000, 7)
    print(f"# unit: bootstrap of {values} (1000 resamples, seed 7)\nci95=({lo!r}, {hi!r})")
    for b, c in [(7, 3), (0, 5), (12, 2), (1, 1), (0, 0), (3000, 2900)]:
        print(f"mcnemar b={b} c={c}: p={float(mcnemar(b, c))!r}")
    # EvaluationJobTests: the stub answers the sum of the exemplar answers' numbers, so arm
    # "two_ones" (2 exemplars answering 1) says 2, "three_ones" says 3, "one_two" (1 exemplar
    # answering 2) says 2. Gold answers per query, in order:
    gold = [2, 2, 3, 2, 5, 3, 2, 2, 3, 2, 5, 2]
    says = {"two_ones": 2, "three_ones": 3, "one_two": 2}
    report("job: every pair answered", {a: [int(g == s) for g in gold] for a, s in says.items()}, 1000, 5)
    # The same with query 4 failing upstream for every arm (error pairs count nowhere).
    report("job: query 4 fails upstream", {a: [None if i == 4 else int(g == s) for i, g in enumerate(gold)]
                                           for a, s in says.items()}, 1000, 5)


if __name__ == "__main__":
    main()
