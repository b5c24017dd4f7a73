import JSON
import Selection

/// `GET /v1/jobs/{id}/coverage`: per-target best similarity to the selection vs to the whole
/// pool, the least-covered targets, and a histogram of every candidate's best similarity to the
/// targets, selected vs not.
enum CoverageJSON {
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
            "candidate_best": SelectionHistogram.json(c.candidateBest, selected: Set(figures.selected)),
        ])
    }
}
