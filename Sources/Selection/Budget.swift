/// How many candidates to return (specs README §2): a count `k` or a `fraction` of N.
public enum Budget: Sendable, Equatable {
    case count(Int)
    case fraction(Double)

    /// Exactly one of `k` and `fraction`; `nil` when neither is given and `required` is false (TAROT OTM).
    public static func make(k: Int?, fraction: Double?, required: Bool = true) throws -> Budget? {
        switch (k, fraction) {
        case (.some, .some):
            throw SelectionError(.invalidBudget, "give either k or fraction, not both", parameter: "k")
        case let (.some(k), nil):
            return .count(k)
        case let (nil, .some(f)):
            return .fraction(f)
        case (nil, nil):
            if required { throw SelectionError(.invalidBudget, "a budget is required: give k or fraction", parameter: "k") }
            return nil
        }
    }

    /// The count for a pool of `n`: `0 <= k <= n`, or `floor(fraction * n)` (product in float64).
    public func resolve(n: Int) throws -> Int {
        switch self {
        case let .count(k):
            guard k >= 0 else { throw SelectionError(.invalidBudget, "k must be >= 0, got \(k)", parameter: "k") }
            guard k <= n else { throw SelectionError(.invalidBudget, "k = \(k) exceeds the \(n) candidates", parameter: "k") }
            return k
        case let .fraction(f):
            guard f.isFinite else { throw SelectionError(.nonFiniteInput, "fraction must be finite", parameter: "fraction") }
            guard f >= 0, f <= 1 else { throw SelectionError(.invalidBudget, "fraction must lie in [0, 1], got \(f)", parameter: "fraction") }
            return Int((f * Double(n)).rounded(.down))
        }
    }
}
