import HTTP
import Selection
import Storage

extension ShortlistService {
    /// `include=items`: each selected row joined with its item in the candidates' pool, so a
    /// training script reads the subset itself. The content is read now (an item edited since the
    /// job ran shows its new fields; one deleted shows nulls); a deleted pool is a 409.
    func resultItemsResponse(_ job: JobRecord, _ query: ResultQuery) throws -> HTTPResponse {
        let poolName = ResourceJSON.storedJSON(job.request)["candidates"]?["pool"]?.stringValue ?? ""
        if query.format == .json {
            let (rows, total) = try database.read { db in
                let pool = try requireCandidatePool(db, poolName, job: job)
                return (try db.jobResultItems(jobID: job.id, poolID: pool.id, offset: query.offset, limit: query.limit),
                        try db.jobResultCount(jobID: job.id))
            }
            return .json(200, resultJSON(job, selected: rows.map(SelectionResultEncoding.json), total: total, query: query))
        }
        // Checked before the stream starts, while a 409 can still be sent.
        let poolID = try database.read { db in try requireCandidatePool(db, poolName, job: job).id }
        return streamResultRows(query, prefix: [], rank: \.result.rank) { db, start, count in
            try db.jobResultItems(jobID: job.id, poolID: poolID, from: start, limit: count)
        } append: { (row: JobResultItemRow, out: inout [UInt8]) in
            SelectionResultEncoding.appendNDJSON(row, into: &out)
        }
    }

    private func requireCandidatePool(_ db: Database, _ name: String, job: JobRecord) throws -> PoolRecord {
        guard let pool = try db.pool(named: name) else {
            throw APIError.conflict("the pool '\(name)' of job \(job.id)'s candidates has been deleted; its items are gone (the result without include=items is still there)", param: "include")
        }
        return pool
    }
}
