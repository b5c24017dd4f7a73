import JSON

/// The target groups of `less` (selection.md §3): each candidate's score is the best group mean.
public enum LessGroups: Sendable, Equatable {
    /// Every target its own group (doubly greedy): `score_j = max_i S[i, j]`.
    case each
    /// One group: the mean over all targets.
    case all
    /// `n` contiguous equal groups `[g*M/n, (g+1)*M/n)`.
    case contiguous(Int)
    /// One label per target; one group per distinct label, in order of first appearance.
    case labels([Int])

    public static let parameterName = "groups"

    /// Reads the `groups` parameter (absent means `"each"`).
    public static func parse(_ value: JSONValue?) throws -> LessGroups {
        guard let value, value != .null else { return .each }
        switch value {
        case let .string(s):
            switch s {
            case "each": return .each
            case "all": return .all
            default: throw SelectionError(.invalidGroups, "groups must be \"each\", \"all\", an integer or a list of labels, got \"\(s)\"", parameter: parameterName)
            }
        case let .array(items):
            var labels: [Int] = []
            labels.reserveCapacity(items.count)
            for item in items {
                guard let label = item.intValue else {
                    throw SelectionError(.invalidGroups, "group labels must be integers", parameter: parameterName)
                }
                labels.append(label)
            }
            return .labels(labels)
        default:
            guard let n = value.intValue else {
                throw SelectionError(.invalidGroups, "groups must be \"each\", \"all\", an integer or a list of labels", parameter: parameterName)
            }
            return .contiguous(n)
        }
    }

    /// The member targets of each group, in group order, for `m` targets; throws `invalid_groups`
    /// when the spec cannot be applied.
    public func members(targetCount m: Int) throws -> [[Int]] {
        switch self {
        case .each:
            return (0..<m).map { [$0] }
        case .all:
            return [Array(0..<m)]
        case let .contiguous(n):
            guard n >= 1, n <= m, m % n == 0 else {
                throw SelectionError(.invalidGroups, "groups = \(n) must divide the \(m) targets (1 <= n <= M, M % n == 0)", parameter: Self.parameterName)
            }
            return TargetGrouping.contiguous(n, of: m)
        case let .labels(labels):
            guard labels.count == m else {
                throw SelectionError(.invalidGroups, "groups has \(labels.count) labels for \(m) targets", parameter: Self.parameterName)
            }
            return TargetGrouping.byLabel(labels)
        }
    }
}
