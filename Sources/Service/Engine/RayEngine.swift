import Foundation
import JSON
import Storage

/// Runs a selection job as a Ray job (`"execution": {"engine": "ray"}`): exports the candidates
/// into the shard store and prepares the job there (`EngineJob`), submits `ray/driver.py` (shipped
/// inside the binary, written next to the job) through Ray's job API, follows it into the job's
/// progress, stops it when the job is cancelled, and runs the reduce here, so the result is
/// stored exactly like a local job's. The Ray workers run this very binary: the store, the job
/// directory and the binary must be at the same paths on every node.
struct RayEngine: Sendable {
    let client: RayJobClient
    let store: URL
    let shardBytes: Int
    /// The `shortlist` binary the Ray tasks run.
    let binary: String
    /// Seconds between two status calls.
    let pollInterval: Double
    /// Seconds the cluster may stay unreachable while a job runs before the job fails.
    let unreachableTimeout: Double

    init(address: String, store: URL, shardBytes: Int, binary: String = RayEngine.currentBinary(), pollInterval: Double = 0.5,
         unreachableTimeout: Double = 30) {
        client = RayJobClient(address: address)
        self.store = store
        self.shardBytes = shardBytes
        self.binary = binary
        self.pollInterval = pollInterval
        self.unreachableTimeout = unreachableTimeout
    }

    /// This process's executable (Linux: `/proc/self/exe`).
    static func currentBinary() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// The Ray job's submission id: one per job, so `GET /v1/jobs/{id}` can name it and a run
    /// resumed after a restart finds the Ray job of the run before.
    static func submissionID(jobID: String) -> String { "shortlist-\(jobID)" }

    func outcome(_ request: SelectionRequest, context: JobContext, database: DatabasePool, workers: Int) throws -> SelectionJobOutcome {
        let submission = Self.submissionID(jobID: context.job.id)
        // First, so that a cluster that does not answer fails the job before the export.
        context.progress(stage: "contacting ray", done: 0, total: 0)
        try forgetEarlierRun(submission)
        context.progress(stage: "exporting", done: 0, total: 0)
        let directory = store.appendingPathComponent("jobs").appendingPathComponent(context.job.id)
        // The targets and map outputs are only this run's: the result goes to the database.
        defer { try? FileManager.default.removeItem(at: directory) }
        // The export runs on the job's threads (one shard each) and reports shards done.
        let job = try EngineJob.prepare(request, database: database, exporter: ShardExporter(store: store, shardBytes: shardBytes, threads: workers),
                                        directory: directory, control: context.selectionControl)
        let driver = directory.appendingPathComponent("driver.py")
        try EngineFiles.write(Array(EmbeddedRayDriver.source.utf8), to: driver)
        let maps = directory.appendingPathComponent("maps")
        try? FileManager.default.removeItem(at: maps)
        let entrypoint = ["python3", driver.path, "--address", "auto", "--binary", binary, "--job", directory.path, "--maps", maps.path, "--no-reduce"]
            .map(Self.shellQuoted).joined(separator: " ")
        try context.checkCancelled()
        context.progress(stage: "submitting", done: 0, total: 0)
        try client.submit(entrypoint: entrypoint, submissionID: submission)
        try follow(submission, context: context)
        context.progress(stage: "reduce", done: 0, total: 1)
        try context.checkCancelled()
        return try EngineReduce.outcome(job, maps: maps, workers: workers)
    }

    /// A Ray job under this job's id is left from a run before a restart: stops it (it would
    /// write into the job directory this run prepares) and deletes it, as Ray refuses a second
    /// submission under the same id.
    private func forgetEarlierRun(_ submission: String) throws {
        guard var status = try client.status(submission) else { return }
        if !status.isFinal {
            try client.stop(submission)
            let deadline = Date().addingTimeInterval(unreachableTimeout)
            while !status.isFinal {
                guard Date() < deadline else {
                    throw EngineError("Ray job \(submission) of an earlier run of this job did not stop within \(Int(unreachableTimeout)) s")
                }
                Thread.sleep(forTimeInterval: pollInterval)
                guard let next = try client.status(submission) else { return }
                status = next
            }
        }
        try client.delete(submission)
    }

    /// Polls the Ray job until it ends: its driver's progress lines become the job's progress; a
    /// cancel (or a shutdown) stops it; a cluster that stays unreachable for `unreachableTimeout`
    /// fails the job.
    private func follow(_ submission: String, context: JobContext) throws {
        var unreachableSince: Date?
        while true {
            if context.isCancelled {
                try? client.stop(submission)
                try context.checkCancelled()
            }
            let answer: RayJobStatus?
            do {
                answer = try client.status(submission)
                unreachableSince = nil
            } catch let error as EngineError {
                let since = unreachableSince ?? Date()
                unreachableSince = since
                if Date().timeIntervalSince(since) >= unreachableTimeout {
                    throw EngineError("\(error.description) (for \(Int(unreachableTimeout)) s while Ray job \(submission) ran)")
                }
                Thread.sleep(forTimeInterval: pollInterval)
                continue
            }
            guard let status = answer else { throw EngineError("the Ray cluster at \(client.address) no longer knows Ray job \(submission)") }
            if let p = RayJobClient.lastProgress((try? client.logs(submission)) ?? "") {
                context.progress(stage: "ray \(p.stage)", done: p.done, total: p.total)
            }
            switch status.state {
            case "SUCCEEDED": return
            case "FAILED", "STOPPED":
                throw EngineError("Ray job \(submission) \(status.state.lowercased()): \(Self.shortened(status.message))")
            default: Thread.sleep(forTimeInterval: pollInterval)
            }
        }
    }

    /// Ray's failure message carries up to 20,000 characters of the driver's output; the job keeps
    /// its start and its end (the driver's error is its last line).
    static func shortened(_ message: String) -> String {
        let trimmed = message.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count > 2_000 else { return trimmed }
        return trimmed.prefix(400) + " … " + trimmed.suffix(1_500)
    }

    /// POSIX shell single quoting.
    static func shellQuoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
