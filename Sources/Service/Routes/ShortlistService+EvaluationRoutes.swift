import HTTP
import JSON
import Selection
import Storage

extension ShortlistService {
    /// `POST /v1/evaluations`: checks everything the job will need (body, pools, every arm against
    /// the pool, an LLM), stores the job with its labelled queries in one transaction, queues it.
    /// Its result is read through `GET /v1/jobs/{id}/result` like a selection's.
    func registerEvaluationRoutes() {
        let pipeline = exemplarPipeline
        let defaults = configuration.generation
        route("POST", "/v1/evaluations", bodyLimit: configuration.largeBodyLimit) { [unowned self] request in
            let evaluation = try EvaluationRequest.parse(try request.jsonBody(), defaults: defaults)
            guard providers.chat != nil else {
                throw APIError.invalid("an evaluation asks an LLM for every answer, and none is configured", code: "llm_not_configured")
            }
            let queries = try database.read { db -> [EvaluationQueryRow] in
                guard try db.pool(named: evaluation.pool) != nil else {
                    throw APIError.notFound("pool '\(evaluation.pool)' not found", param: "pool")
                }
                return try evaluation.labelledQueries(db)
            }
            for (n, arm) in evaluation.arms.enumerated() {
                try APIError.under("arms[\(n)]") { try pipeline.validate(arm.template) }
            }
            let id = JobID.make()
            let job = try database.write { db in
                try db.insertEvaluationJob(id: id, request: JSONWriter.text(evaluation.json(queryCount: queries.count)), queries: queries)
            }
            jobRunner.notify()
            return .json(202, JobJSON.job(job), headers: [("Location", "/v1/jobs/\(id)")])
        }
    }

    /// An evaluation's result: json pages by query; ndjson and csv stream every pair.
    func evaluationResultResponse(_ job: JobRecord, _ query: ResultQuery) throws -> HTTPResponse {
        guard query.include == nil else {
            throw APIError.invalid("include=items is for selection results; an evaluation's rows carry their exemplar ids", param: "include")
        }
        let names = (ResourceJSON.storedJSON(job.request)["arms"]?.arrayValue ?? []).map { $0["name"]?.stringValue ?? "" }
        let queries = try database.read { db in try db.evaluationQueries(jobID: job.id) }
        if query.format == .json {
            let page = Array(queries.dropFirst(query.offset).prefix(query.limit))
            let range = (page.first?.queryIndex ?? 0)..<((page.last?.queryIndex ?? -1) + 1)
            let pairs = try database.read { db in try db.evaluationPairs(jobID: job.id, queries: range) }
            return .json(200, EvaluationResultEncoding.json(job: job, armNames: names, page: page, pairs: pairs, query: query, total: queries.count))
        }
        let csv = query.format == .csv
        let armCount = names.count
        return streamResultRows(query, prefix: csv ? Array(EvaluationResultEncoding.csvHeader.utf8) : [], rank: { $0.position(armCount: armCount) }) {
            db, start, count in try db.evaluationPairs(jobID: job.id, armCount: armCount, from: start, limit: count)
        } append: { row, out in
            let q = queries[row.queryIndex]
            if csv {
                EvaluationResultEncoding.appendCSV(row, query: q, armNames: names, into: &out)
            } else {
                EvaluationResultEncoding.appendNDJSON(row, query: q, armNames: names, into: &out)
            }
        }
    }
}
