import JSON
import Selection

/// `GET /v1/jobs/{id}/coverage`: per-target best similarity to the selection vs to the whole
/// pool, the least-covered targets, and a histogram of every candidate's best similarity to the
/// targets, selected vs not.
enum CoverageJSON {
    static let histogramBins = 20

    static func encode(jobID: String, _ figures: CoverageFigures, least: Int) -> JSONValue {
        let c = figures.coverage
        let perTarget = c.poolBest.indices.map { i -> JSONValue in
            .object(["index": .int(i), "best_selected": c.bestSelected[i].map(JSONValue.double) ?? .null,
                     "best_pool": .double(c.poolBest[i]),
                     "nearest_selected_id": c.nearestSelected[i].map { .string(figures.ids[$0]) } ?? .null])
        }
        return .object([
            "object": .string("coverage"), "job": .string(jobID),
            "targets": .int(c.poolBest.count), "selected": .int(figures.selected.count),
            "coverage": c.coverage.map(JSONValue.double) ?? .null, "nn_recall": c.nnRecall.map(JSONValue.double) ?? .null,
            "per_target": .array(perTarget),
            "least_covered": .array(c.leastCovered(least).map(JSONValue.int)),
            "candidate_best": histogram(c.candidateBest, selected: Set(figures.selected)),
        ])
    }

    /// Equal-width bins over [min, max] of the values (one bin when they are all equal); a value
    /// equal to the upper edge falls in the last bin.
    static func histogram(_ values: [Double], selected: Set<Int>) -> JSONValue {
        let low = values.min() ?? 0, high = values.max() ?? 0
        let bins = high > low ? histogramBins : 1
        let width = (high - low) / Double(bins)
        var counts = (selected: [Int](repeating: 0, count: bins), other: [Int](repeating: 0, count: bins))
        for (j, v) in values.enumerated() {
            let bin = width > 0 ? min(Int((v - low) / width), bins - 1) : 0
            if selected.contains(j) { counts.selected[bin] += 1 } else { counts.other[bin] += 1 }
        }
        let edges = (0...bins).map { $0 == bins ? high : low + Double($0) * width }
        return .object(["edges": .array(edges.map(JSONValue.double)), "selected": .array(counts.selected.map(JSONValue.int)),
                        "not_selected": .array(counts.other.map(JSONValue.int))])
    }
}
