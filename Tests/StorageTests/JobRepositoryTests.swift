import Testing
@testable import Storage

@Suite struct JobRepositoryTests {
    @Test func insertJob_WithAPlan_StoresItApart_AndTheMethodOnTheRecord() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        let plan = JobPlan(method: "uot", text: #"{"request":{}}"#, rows: [0, 0, 128, 63])
        let job = try pool.write { db in
            try db.insertJob(id: "planned", kind: .selection, request: #"{"method":"uot"}"#, plan: plan)
        }
        try pool.write { try $0.insertJob(id: "unplanned", kind: .embed, request: "{}") }
        #expect(job.method == "uot")
        #expect(try pool.read { try $0.jobPlan(id: "planned") } == plan)
        #expect(try pool.read { try $0.jobPlan(id: "unplanned") } == nil)
        #expect(try pool.read { try $0.listJobs(limit: 10) }.items.map(\.method) == [nil, "uot"])
    }

    @Test func insertJob_IsQueued_WithItsRequestAndCreationTime() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        let job = try pool.write { try $0.insertJob(id: "job-1", kind: .selection, request: #"{"method":"random"}"#) }
        #expect(job.status == .queued)
        #expect(job.kind == .selection)
        #expect(job.request == #"{"method":"random"}"#)
        #expect(job.startedAt == nil)
        #expect(job.createdAt.hasSuffix("Z"))
        #expect(try pool.read { try $0.job(id: "job-1") } == job)
        #expect(throws: StorageError.conflict("job 'job-1'")) { try pool.write { try $0.insertJob(id: "job-1", kind: .embed, request: "{}") } }
    }

    @Test func claimNextQueuedJob_TakesTheOldestFirst_AndMarksItRunning() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        try pool.write { db in for id in ["c", "a", "b"] { try db.insertJob(id: id, kind: .selection, request: "{}") } }
        let claimed = try (0..<4).map { _ in try pool.write { try $0.claimNextQueuedJob() } }
        #expect(claimed.map { $0?.id } == ["c", "a", "b", nil])
        #expect(claimed.compactMap { $0 }.allSatisfy { $0.status == .running && $0.startedAt != nil })
    }

    @Test func listJobs_IsNewestFirst_AndPaginates() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        try pool.write { db in for index in 0..<5 { try db.insertJob(id: "j\(index)", kind: .embed, request: "{}") } }
        let first = try pool.read { try $0.listJobs(limit: 3) }
        let second = try pool.read { try $0.listJobs(limit: 3, cursor: first.nextCursor) }
        #expect(first.items.map(\.id) == ["j4", "j3", "j2"])
        #expect(second.items.map(\.id) == ["j1", "j0"])
        #expect(second.nextCursor == nil)
    }

    @Test func progressAndFinish_AreRecorded_AndAFinishedJobCannotChangeAgain() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        try pool.write { db in
            try db.insertJob(id: "j", kind: .selection, request: "{}")
            #expect(try db.updateJobProgress(id: "j", stage: "scoring", done: 1, total: 2) == false, "not running yet")
            _ = try db.claimNextQueuedJob()
            #expect(try db.updateJobProgress(id: "j", stage: "scoring", done: 5, total: 10))
            let done = JobOutcome(status: .succeeded, diagnostics: #"{"k":3}"#, warnings: "[]")
            #expect(try db.finishJob(id: "j", done))
            #expect(try db.finishJob(id: "j", JobOutcome(status: .cancelled)) == false)
            #expect(try db.updateJobProgress(id: "j", stage: "late", done: 6, total: 10) == false)
        }
        let job = try #require(try pool.read { try $0.job(id: "j") })
        #expect(job.status == .succeeded)
        #expect(job.progressStage == "scoring")
        #expect(job.progressDone == 5)
        #expect(job.progressTotal == 10)
        #expect(job.diagnostics == #"{"k":3}"#)
        #expect(job.warnings == "[]")
        #expect(job.finishedAt != nil)
        #expect(job.lastProgressAt != nil)
    }

    @Test func finishJob_WithANonFinalStatus_IsRejected() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        try pool.write { try $0.insertJob(id: "j", kind: .embed, request: "{}") }
        #expect(throws: StorageError.invalidArgument(parameter: "status", reason: "'running' is not final")) {
            try pool.write { try $0.finishJob(id: "j", JobOutcome(status: .running)) }
        }
    }

    @Test func queuedJob_CanBeCancelled_AndIsThenNeverClaimed() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        try pool.write { db in
            try db.insertJob(id: "j", kind: .embed, request: "{}")
            #expect(try db.finishJob(id: "j", JobOutcome(status: .cancelled, error: #"{"type":"cancelled"}"#)))
            #expect(try db.claimNextQueuedJob() == nil)
        }
        #expect(try pool.read { try $0.job(id: "j")?.status } == .cancelled)
    }

    @Test func requeueRunningJobs_OnRestart_PutsThemBackInTheirOriginalOrder() throws {
        let file = try TemporaryDatabase()
        do {
            let pool = try file.openPool()
            try pool.write { db in
                for id in ["first", "second", "third"] { try db.insertJob(id: id, kind: .selection, request: "{}") }
                _ = try db.claimNextQueuedJob()
                _ = try db.claimNextQueuedJob()
                try db.finishJob(id: "second", JobOutcome(status: .failed, error: "{}"))
            }
        }
        let restarted = try file.openPool()
        #expect(try restarted.write { try $0.requeueRunningJobs() } == 1)
        let order = try (0..<3).map { _ in try restarted.write { try $0.claimNextQueuedJob()?.id } }
        #expect(order == ["first", "third", nil])
        let counts = try restarted.read { try $0.jobCountsByStatus() }
        #expect(counts == [.queued: 0, .running: 2, .succeeded: 0, .failed: 1, .cancelled: 0])
    }

    @Test func results_AreStoredInBatches_AndReadByRankPagesAndStream() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        let rows = (1...25).map {
            JobResultRow(rank: $0, itemID: "item\($0)", itemIndex: 100 - $0, score: $0 % 3 == 0 ? nil : Double($0) / 4,
                         weight: $0 == 1 ? 0.5 : nil, pickedBy: $0 % 2 == 0 ? $0 / 2 : nil)
        }
        try pool.write { db in
            try db.insertJob(id: "j", kind: .selection, request: "{}")
            try db.insertJobResults(jobID: "j", Array(rows[0..<10].reversed()))
            try db.insertJobResults(jobID: "j", Array(rows[10...]))
        }
        #expect(try pool.read { try $0.jobResultCount(jobID: "j") } == 25)
        #expect(try pool.read { try $0.jobResults(jobID: "j", offset: 0, limit: 10) } == Array(rows[0..<10]))
        #expect(try pool.read { try $0.jobResults(jobID: "j", offset: 20, limit: 10) } == Array(rows[20...]))
        var streamed: [JobResultRow] = []
        try pool.read { try $0.forEachJobResult(jobID: "j") { streamed.append($0) } }
        #expect(streamed == rows)
        #expect(throws: StorageError.self) { try pool.read { try $0.jobResults(jobID: "j", offset: -1, limit: 10) } }
    }

    @Test func resultBatch_WithADuplicateRank_WritesNothing() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        try pool.write { try $0.insertJob(id: "j", kind: .selection, request: "{}") }
        let duplicate = [JobResultRow(rank: 1, itemID: "a", itemIndex: 0), JobResultRow(rank: 1, itemID: "b", itemIndex: 1)]
        #expect(throws: SQLiteError.self) { try pool.write { try $0.insertJobResults(jobID: "j", duplicate) } }
        #expect(try pool.read { try $0.jobResultCount(jobID: "j") } == 0)
    }
}
