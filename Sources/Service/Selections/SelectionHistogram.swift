import JSON

/// Equal-width bins of one value per candidate, split into the selected and the rest: the
/// coverage route's `candidate_best` and a result's `diagnostics.score_histogram`. Exact counts
/// over every candidate, so a console draws them as they are.
enum SelectionHistogram {
    static let bins = 20

    /// `{"edges": [bins + 1], "selected": [bins], "not_selected": [bins]}` over [min, max] of the
    /// values (one bin when they are all equal); a value equal to the upper edge falls in the last
    /// bin. Non-finite values are not counted (none come from a validated run).
    static func json(_ values: [Double], selected: Set<Int>) -> JSONValue {
        let finite = values.filter(\.isFinite)
        let low = finite.min() ?? 0, high = finite.max() ?? 0
        let count = high > low ? bins : 1
        let width = (high - low) / Double(count)
        var counts = (selected: [Int](repeating: 0, count: count), other: [Int](repeating: 0, count: count))
        for (j, v) in values.enumerated() where v.isFinite {
            let bin = width > 0 ? min(Int((v - low) / width), count - 1) : 0
            if selected.contains(j) { counts.selected[bin] += 1 } else { counts.other[bin] += 1 }
        }
        let edges = (0...count).map { $0 == count ? high : low + Double($0) * width }
        return .object(["edges": .array(edges.map(JSONValue.double)), "selected": .array(counts.selected.map(JSONValue.int)),
                        "not_selected": .array(counts.other.map(JSONValue.int))])
    }
}
