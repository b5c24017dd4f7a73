import JSON

/// How GIST groups the projected validation rows into targets (gist.md §3). The groups depend
/// only on M, so they are resolved once and shared by every checkpoint.
public enum GISTTargetMode: Sendable, Equatable {
    case each
    case all
    case contiguous(Int)
    case labels([Int])

    /// Parses the `target_mode` parameter: `"each"`, `"all"`, an integer or an integer list.
    public static func parse(_ value: JSONValue?) throws -> GISTTargetMode {
        guard let value else { return .each }
        switch value {
        case let .string(s) where s == "each": return .each
        case let .string(s) where s == "all": return .all
        case let .array(items):
            var labels: [Int] = []
            labels.reserveCapacity(items.count)
            for item in items {
                guard let l = item.intValue else {
                    throw SelectionError(.invalidParameter, "target_mode labels must be integers", parameter: "target_mode")
                }
                labels.append(l)
            }
            return .labels(labels)
        default:
            if let n = value.intValue { return .contiguous(n) }
            throw SelectionError(.invalidParameter, "target_mode must be \"each\", \"all\", an integer or a list of M labels", parameter: "target_mode")
        }
    }

    /// The member rows of each target, in target order.
    public func groups(targetCount m: Int) throws -> [[Int]] {
        switch self {
        case .each:
            return (0..<m).map { [$0] }
        case .all:
            return [Array(0..<m)]
        case let .contiguous(n):
            guard n >= 1, n <= m, m % n == 0 else {
                throw SelectionError(.invalidParameter, "target_mode \(n) must divide M = \(m) into 1..M equal groups", parameter: "target_mode")
            }
            return TargetGrouping.contiguous(n, of: m)
        case let .labels(labels):
            guard labels.count == m else {
                throw SelectionError(.shapeMismatch, "target_mode has \(labels.count) labels for M = \(m) targets", parameter: "target_mode")
            }
            return TargetGrouping.byLabel(labels)
        }
    }
}
