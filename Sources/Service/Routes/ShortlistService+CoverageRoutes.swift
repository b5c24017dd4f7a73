import HTTP
import JSON
import Selection
import Storage

extension ShortlistService {
    /// The most similarity entries (targets x candidates) a coverage request computes: the matrix
    /// is held in float64 (plus a float32 copy while a checkpoint streams), 12 bytes an entry.
    static let maxCoverageEntries = 50_000_000

    func registerCoverageRoutes() {
        route("GET", "/v1/jobs/{id}/coverage", query: ["least"]) { [unowned self] request in
            let least = try Self.coverageLeastParameter(request)
            let job = try requireJob(request.parameter("id"))
            try requireResult(job)
            let selection = try SelectionRequest.parse(try JSONParser.parse(job.request))
            if selection.candidateFeature == nil {
                throw APIError.conflict("job \(job.id) (\(selection.method)) selected on the items' text; coverage is measured on vectors", param: "id")
            }
            if case .none = selection.targets {
                throw APIError.conflict("job \(job.id) (\(selection.method)) has no targets; there is no coverage to show", param: "id")
            }
            let figures = try database.read(mapped: false) { db in try readCoverage(db, job: job, selection: selection) }
            return .json(200, CoverageJSON.encode(jobID: job.id, figures, least: least))
        }
    }

    /// `?least=` (0...1000, default 20): how many of the least-covered targets are listed.
    private static func coverageLeastParameter(_ request: HTTPRequest) throws -> Int {
        try request.queryInteger("least", in: 0...1000) ?? 20
    }

    /// The job's similarity matrix recomputed from the stored rows (the same yardstick for every
    /// method), and its selection mapped back to today's indices by item id.
    private func readCoverage(_ db: Database, job: JobRecord, selection: SelectionRequest) throws -> CoverageFigures {
        let plan = try SelectionPlan.resolve(selection, in: db, missing: .notFound)
        let m = plan.targets.first?.rows ?? 0
        guard m * plan.candidateCount <= Self.maxCoverageEntries else {
            throw APIError.conflict("job \(job.id) has \(m) targets x \(plan.candidateCount) candidates; coverage is computed on request up to \(Self.maxCoverageEntries) pairs",
                                    param: "id")
        }
        let keys = try db.itemKeys(poolID: plan.pool.id)
        let indexByID = Dictionary(keys.map { ($0.extID, $0.index) }, uniquingKeysWith: { a, _ in a })
        var selected: [Int] = []
        try db.forEachJobResult(jobID: job.id) { row in
            guard let index = indexByID[row.itemID] else {
                throw APIError.conflict("item \"\(row.itemID)\" selected by job \(job.id) is no longer in pool '\(plan.pool.name)'", param: "id")
            }
            selected.append(index)
        }
        let sources: [any RowBlockSource] = plan.checkpoints.map {
            StoredRowBlockSource(db: db, checkpoint: $0, poolID: plan.pool.id, rowCount: plan.candidateCount, prefetch: false)
        }
        let input = plan.input(sources: sources, blockRows: configuration.blockRows)
        let similarity = try SimilarityMatrix.compute(input, weights: try input.validate())
        return CoverageFigures(coverage: SelectionCoverage(similarity: similarity, selected: selected),
                               selected: selected, ids: keys.map(\.extID))
    }
}
