extension Database {
    private static let jobColumns = """
        id, seq, kind, status, request, progress_stage, progress_done, progress_total, created_at, started_at,
        finished_at, last_progress_at, error, diagnostics, warnings, method
        """

    /// Queues a new job behind every existing one, with what it runs (`plan`) when the kind has
    /// one. `StorageError.conflict` if the id exists.
    @discardableResult
    public func insertJob(id: String, kind: JobKind, request: String, plan: JobPlan? = nil) throws -> JobRecord {
        try transaction {
            try insert("""
                    INSERT INTO jobs (id, seq, kind, status, request, created_at, method, plan, plan_rows)
                    VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM jobs), ?, 'queued', ?, ?, ?, ?, ?)
                    """, [.text(id), .text(kind.rawValue), .text(request), .text(Timestamp.now()),
                          .optionalText(plan?.method), .optionalText(plan?.text), plan.map { .blob($0.rows) } ?? .null],
                       conflict: "job '\(id)'")
            guard let job = try job(id: id) else { throw StorageError.notFound("job '\(id)'") }
            return job
        }
    }

    /// The plan stored with job `id`; nil when it has none (an embed job, or one queued before plans
    /// were stored). Read apart from `JobRecord` so that listings never load the rows.
    public func jobPlan(id: String) throws -> JobPlan? {
        try fetchOne("SELECT method, plan, plan_rows FROM jobs WHERE id = ? AND plan IS NOT NULL", [.text(id)]) { row in
            JobPlan(method: row.text(at: 0), text: row.text(at: 1), rows: row.blob(at: 2))
        }
    }

    public func job(id: String) throws -> JobRecord? {
        try fetchOne("SELECT \(Self.jobColumns) FROM jobs WHERE id = ?", [.text(id)], Self.jobRecord)
    }

    /// Jobs newest first; the cursor is the last `seq` seen.
    public func listJobs(limit: Int, cursor: String? = nil) throws -> Page<JobRecord> {
        try PageCursor.validate(limit: limit)
        let before = try cursor.map { try PageCursor.decodeInteger($0, kind: "jobs") } ?? Int64.max
        let jobs = try fetchAll("SELECT \(Self.jobColumns) FROM jobs WHERE seq < ? ORDER BY seq DESC LIMIT ?",
                                [.integer(before), .int(limit + 1)], Self.jobRecord)
        let page = Array(jobs.prefix(limit))
        guard jobs.count > limit, let last = page.last else { return Page(items: page, nextCursor: nil) }
        return Page(items: page, nextCursor: PageCursor.encode(kind: "jobs", key: last.seq))
    }

    /// Atomically marks the oldest queued job running (stamping started_at) and returns it.
    public func claimNextQueuedJob() throws -> JobRecord? {
        let now = Timestamp.now()
        return try transaction {
            try fetchOne("""
                UPDATE jobs SET status = 'running', started_at = ?, last_progress_at = ?
                WHERE id = (SELECT id FROM jobs WHERE status = 'queued' ORDER BY seq LIMIT 1)
                RETURNING \(Self.jobColumns)
                """, [.text(now), .text(now)], Self.jobRecord)
        }
    }

    /// Records progress of a running job; false when the job is not running (e.g. cancelled).
    @discardableResult
    public func updateJobProgress(id: String, stage: String, done: Int, total: Int) throws -> Bool {
        try update("""
            UPDATE jobs SET progress_stage = ?, progress_done = ?, progress_total = ?, last_progress_at = ?
            WHERE id = ? AND status = 'running'
            """, [.text(stage), .int(done), .int(total), .text(Timestamp.now()), .text(id)]) > 0
    }

    /// Moves an unfinished job to a finished status with its error/diagnostics/warnings; false when
    /// the job was already finished (so a late success cannot overwrite a cancellation).
    @discardableResult
    public func finishJob(id: String, _ outcome: JobOutcome) throws -> Bool {
        guard outcome.status.isFinished else {
            throw StorageError.invalidArgument(parameter: "status", reason: "'\(outcome.status.rawValue)' is not final")
        }
        return try update("""
            UPDATE jobs SET status = ?, finished_at = ?, error = ?, diagnostics = ?, warnings = ?
            WHERE id = ? AND status IN ('queued', 'running')
            """, [.text(outcome.status.rawValue), .text(Timestamp.now()), .optionalText(outcome.error),
                  .optionalText(outcome.diagnostics), .optionalText(outcome.warnings), .text(id)]) > 0
    }

    /// Restart recovery: every job left `running` by a dead process goes back to the queue, keeping
    /// its place (seq). Returns how many.
    @discardableResult
    public func requeueRunningJobs() throws -> Int {
        try transaction {
            try update("""
                UPDATE jobs SET status = 'queued', started_at = NULL, progress_stage = NULL, progress_done = 0,
                    progress_total = 0 WHERE status = 'running'
                """, [])
        }
    }

    /// Number of jobs per status (every status present, zero when none): for /metrics.
    public func jobCountsByStatus() throws -> [JobStatus: Int] {
        var counts = Dictionary(uniqueKeysWithValues: JobStatus.allCases.map { ($0, 0) })
        let rows = try fetchAll("SELECT status, count(*) FROM jobs GROUP BY status", []) { ($0.text(at: 0), $0.int(at: 1)) }
        for (status, count) in rows { if let status = JobStatus(rawValue: status) { counts[status] = count } }
        return counts
    }

    private static func jobRecord(_ row: Statement) throws -> JobRecord {
        guard let kind = JobKind(rawValue: row.text(at: 2)), let status = JobStatus(rawValue: row.text(at: 3)) else {
            throw StorageError.corrupt("job '\(row.text(at: 0))' has an unknown kind or status")
        }
        return JobRecord(id: row.text(at: 0), seq: row.int64(at: 1), kind: kind, status: status, request: row.text(at: 4),
                         progressStage: row.optionalText(at: 5), progressDone: row.int(at: 6),
                         progressTotal: row.int(at: 7), createdAt: row.text(at: 8), startedAt: row.optionalText(at: 9),
                         finishedAt: row.optionalText(at: 10), lastProgressAt: row.optionalText(at: 11),
                         error: row.optionalText(at: 12), diagnostics: row.optionalText(at: 13),
                         warnings: row.optionalText(at: 14), method: row.optionalText(at: 15))
    }
}
