import Storage

extension SelectionJobExecutor {
    /// Replaces the job's result rows (a job run again after a crash may have left some),
    /// `resultBatchRows` per write transaction, reporting progress as it goes.
    func store(_ outcome: SelectionJobOutcome, jobID: String, context: JobContext) throws {
        let total = outcome.result.order.count
        context.progress(stage: "storing", done: 0, total: total)
        try database.write { db in try db.deleteJobResults(jobID: jobID) }
        var start = 0
        while start < total {
            try context.checkCancelled()
            let end = min(total, start + resultBatchRows)
            let rows = try outcome.rows(start..<end)
            try database.write { db in try db.insertJobResults(jobID: jobID, rows) }
            start = end
            context.progress(stage: "storing", done: start, total: total)
        }
    }
}
