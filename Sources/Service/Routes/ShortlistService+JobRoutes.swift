import HTTP
import JSON
import Selection
import Storage

extension ShortlistService {
    func registerJobRoutes() {
        route("GET", "/v1/jobs", query: ["limit", "cursor"]) { [unowned self] request in
            let (limit, cursor) = try request.pagination()
            let page = try database.read { db in try db.listJobs(limit: limit, cursor: cursor) }
            return .json(200, ResourceJSON.list(page.items.map(JobJSON.job), nextCursor: page.nextCursor))
        }
        route("GET", "/v1/jobs/{id}") { [unowned self] request in
            .json(200, JobJSON.job(try requireJob(request.parameter("id"))))
        }
        route("POST", "/v1/jobs/{id}/cancel") { [unowned self] request in
            let id = request.parameter("id")
            let job = try requireJob(id)
            guard !job.status.isFinished, try jobRunner.cancel(jobID: id) else {
                throw APIError.conflict("job \(id) has already finished (\(job.status.rawValue)); there is nothing to cancel")
            }
            return .json(202, JobJSON.job(try requireJob(id)))
        }
        route("GET", "/v1/jobs/{id}/result", query: ["format", "offset", "limit", "include"]) { [unowned self] request in
            let query = try ResultQuery.parse(request)
            let job = try requireJob(request.parameter("id"))
            try requireResult(job)
            return try resultResponse(job, query)
        }
    }

    func requireJob(_ id: String) throws -> JobRecord {
        guard let job = try database.read({ db in try db.job(id: id) }) else {
            throw APIError.notFound("job '\(id)' not found", param: "id")
        }
        return job
    }

    /// Only a succeeded selection or evaluation job has a result; the 409 says why there is none.
    func requireResult(_ job: JobRecord) throws {
        guard job.kind != .embed else { throw APIError.notFound("job \(job.id) is an \(job.kind.rawValue) job; it has no result", param: "id") }
        switch job.status {
        case .succeeded: return
        case .queued, .running: throw APIError.conflict("job \(job.id) is \(job.status.rawValue); its result is not ready yet")
        case .cancelled: throw APIError.conflict("job \(job.id) was cancelled; it has no result")
        case .failed: throw APIError.conflict("job \(job.id) failed: \(JobJSON.errorMessage(job) ?? "unknown error"); it has no result")
        }
    }

    private func resultResponse(_ job: JobRecord, _ query: ResultQuery) throws -> HTTPResponse {
        if job.kind == .evaluation { return try evaluationResultResponse(job, query) }
        if query.include == .items { return try resultItemsResponse(job, query) }
        if query.format == .json {
            let (rows, total) = try database.read { db in
                (try db.jobResults(jobID: job.id, offset: query.offset, limit: query.limit), try db.jobResultCount(jobID: job.id))
            }
            return .json(200, resultJSON(job, selected: rows.map(SelectionResultEncoding.json), total: total, query: query))
        }
        let csv = query.format == .csv
        return streamResultRows(query, prefix: csv ? Array(SelectionResultEncoding.csvHeader.utf8) : [], rank: \.rank) { db, start, count in
            try db.jobResults(jobID: job.id, from: start, limit: count)
        } append: { row, out in
            if csv { SelectionResultEncoding.appendCSV(row, into: &out) } else { SelectionResultEncoding.appendNDJSON(row, into: &out) }
        }
    }

    /// A streamed result, a page at a time: each page is read in its own short read transaction
    /// and written only after the reader is back in the pool, so a client that stops reading
    /// holds its connection thread (until the write timeout), never one of the few database
    /// readers. `append` encodes a row.
    func streamResultRows<Row>(
        _ query: ResultQuery, prefix: [UInt8], rank: @escaping @Sendable (Row) -> Int,
        readPage: @escaping @Sendable (Database, ResultPageStart, Int) throws -> [Row],
        append: @escaping @Sendable (Row, inout [UInt8]) -> Void
    ) -> HTTPResponse {
        .stream(200, contentType: query.format.contentType) { [database] writer in
            var out = prefix
            var pager = JobResultPager(offset: query.paged ? query.offset : 0, limit: query.paged ? query.limit : nil, rank: rank, readPage: readPage)
            while let rows = try database.read({ db in try pager.next(db) }) {
                for row in rows { append(row, &out) }
                try writer.write(out)
                out.removeAll(keepingCapacity: true)
            }
            if !out.isEmpty { try writer.write(out) }
        }
    }

    func resultJSON(_ job: JobRecord, selected: [JSONValue], total: Int, query: ResultQuery) -> JSONValue {
        // Jobs queued before plans were stored have no method column: their request is parsed.
        let method = job.method.map(JSONValue.string) ?? ResourceJSON.storedJSON(job.request)["method"] ?? .null
        return .object([
            "object": .string("selection"), "method": method, "k": .int(total),
            "selected": .array(selected),
            "diagnostics": job.diagnostics == nil ? .object([]) : ResourceJSON.spliced(job.diagnostics),
            "warnings": job.warnings == nil ? .array([]) : ResourceJSON.spliced(job.warnings),
            "offset": .int(query.offset), "limit": .int(query.limit), "total": .int(total),
        ])
    }
}
