import Foundation
import JSON
import Selection
import Storage

/// Runs `selection` jobs: reads the job's stored plan back, resolves it against the database in
/// one read snapshot (indices are fixed when the job starts), streams the candidates block by
/// block through the method, then stores the ordering in batches with its diagnostics.
struct SelectionJobExecutor: JobExecutor {
    let database: DatabasePool
    let blockRows: Int
    /// Threads the selection computes on (`SelectionInput.workers`).
    let workers: Int
    let prefetch: Bool
    /// Result rows per write transaction: short enough not to hold the writer from requests.
    let resultBatchRows: Int
    /// Runs the jobs whose request says `"execution": {"engine": "ray"}`; nil without `--ray-address`.
    let ray: RayEngine?

    var kind: JobKind { .selection }

    init(database: DatabasePool, blockRows: Int, workers: Int = 1, prefetch: Bool = true, resultBatchRows: Int = 5000,
         ray: RayEngine? = nil) {
        self.database = database
        self.blockRows = max(1, blockRows)
        self.workers = max(1, workers)
        self.prefetch = prefetch
        self.resultBatchRows = max(1, resultBatchRows)
        self.ray = ray
    }

    func run(_ context: JobContext) throws -> JobCompletion {
        let request = try storedRequest(context.job)
        let selector = try SelectionValidator.selector(for: request)
        if request.execution == .ray {
            guard let ray else {
                throw APIError.invalid("execution.engine \"ray\" needs the service started with --ray-address (SHORTLIST_RAY_ADDRESS)", param: "execution")
            }
            return try complete(try ray.outcome(request, context: context, database: database, workers: workers), selector, context)
        }
        return try complete(try localOutcome(request, selector, context), selector, context)
    }

    /// The selection computed here, streamed from SQLite.
    private func localOutcome(_ request: SelectionRequest, _ selector: any Selector.Type, _ context: JobContext) throws -> SelectionJobOutcome {
        context.progress(stage: "resolving", done: 0, total: 0)
        if selector.method.input == .texts { return try runOnTexts(selector, request, context) }
        // Unmapped: the candidates (gigabytes) go through read(2) into the block buffers instead of
        // staying mapped into the process, where every page read would count in its RSS.
        // One read connection per worker, all in one snapshot: each block's rows are read in
        // `workers` ranges at once, so reading keeps pace with the workers multiplying them.
        return try database.read(mapped: false, companions: prefetch ? workers - 1 : 0) { db, companions -> SelectionJobOutcome in
            let plan = try SelectionPlan.resolve(request, in: db, missing: .notFound)
            let keys = try db.itemKeys(poolID: plan.pool.id)
            let interruption = ReadInterruption(connections: [db] + companions)
            let sources: [any RowBlockSource] = plan.checkpoints.map {
                StoredRowBlockSource(db: db, companions: companions, interruption: interruption, checkpoint: $0,
                                     poolID: plan.pool.id, rowCount: plan.candidateCount, prefetch: prefetch)
            }
            let result = try context.whileInterruptible({ interruption.interrupt() }) {
                try runSelector(selector, request, plan.input(
                    sources: sources, blockRows: streamedBlockRows(candidateCount: plan.candidateCount), workers: workers), context)
            }
            return SelectionJobOutcome(result: result, keys: keys, labels: plan.labels)
        }
    }

    /// Stores the outcome's rows, then the job's diagnostics and warnings.
    func complete(_ outcome: SelectionJobOutcome, _ selector: any Selector.Type, _ context: JobContext) throws -> JobCompletion {
        try context.checkCancelled()
        try store(outcome, jobID: context.job.id, context: context)
        return JobCompletion(
            diagnostics: Self.text(SelectionDiagnostics.shape(outcome.result.diagnostics, labels: outcome.labels, method: selector.method,
                                                                    selected: outcome.result.order)),
            warnings: Self.text(.array(outcome.result.warnings.map(JSONValue.string))))
    }

    /// The request the job runs: from its plan, or parsed from its stored request when it was
    /// queued before plans were stored (a database migrated with jobs still queued).
    func storedRequest(_ job: JobRecord) throws -> SelectionRequest {
        if let plan = try database.read({ try $0.jobPlan(id: job.id) }) { return try SelectionRequest(plan: plan) }
        return try SelectionRequest.parse(try JSONParser.parse(Array(job.request.utf8), plan: SelectionRequest.floatPlan))
    }

    /// Rows per block read from SQLite: each block is one parallel step (its whole tiles of up to
    /// 1,024 rows are the tasks), so a block holds at least two tiles per worker, but never more
    /// rows than there are candidates (the two block buffers are allocated whole). The result is
    /// the same for any block size.
    func streamedBlockRows(candidateCount: Int) -> Int {
        min(max(blockRows, workers * 2 * 1024), max(blockRows, candidateCount))
    }

    func runSelector(_ selector: any Selector.Type, _ request: SelectionRequest, _ input: SelectionInput,
                             _ context: JobContext) throws -> SelectionResult {
        do {
            return try selector.selectAndMeasure(input, budget: request.budget, parameters: request.parameters,
                                       seed: request.effectiveSeed, control: context.selectionControl)
        } catch let error as SelectionError where error.code != .cancelled {
            throw SelectionParamPath.apiError(error)
        }
    }

    static func text(_ value: JSONValue) -> String { String(decoding: JSONWriter.encode(value), as: UTF8.self) }
}
