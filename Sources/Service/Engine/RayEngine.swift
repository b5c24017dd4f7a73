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

    func outcome(_ request: SelectionRequest, echo: JSONValue, context: JobContext, database: DatabasePool, workers: Int) throws -> SelectionJobOutcome {
        context.progress(stage: "exporting", done: 0, total: 0)
        let directory = store.appendingPathComponent("jobs").appendingPathComponent(context.job.id)
        let job = try EngineJob.prepare(request, requestJSON: echo, database: database,
                                        exporter: ShardExporter(store: store, shardBytes: shardBytes), directory: directory)
        let driver = directory.appendingPathComponent("driver.py")
        try EngineFiles.write(Array(EmbeddedRayDriver.source.utf8), to: driver)
        let maps = directory.appendingPathComponent("maps")
        try? FileManager.default.removeItem(at: maps)
        let submission = "shortlist-\(context.job.id)-\(UInt32.random(in: 0...UInt32.max))"
        let entrypoint = (["python3", driver.path, "--address", "auto", "--binary", binary, "--job", directory.path, "--maps", maps.path, "--no-reduce"])
            .map(Self.shellQuoted).joined(separator: " ")
        context.progress(stage: "submitting", done: 0, total: 0)
        try client.submit(entrypoint: entrypoint, submissionID: submission)
        try follow(submission, context: context)
        context.progress(stage: "reduce", done: 0, total: 1)
        try context.checkCancelled()
        return try EngineReduce.outcome(job, maps: maps, workers: workers)
    }

    /// Polls the Ray job until it ends: its driver's progress lines become the job's progress; a
    /// cancel stops it; a cluster that stays unreachable for `unreachableTimeout` fails the job.
    private func follow(_ submission: String, context: JobContext) throws {
        var unreachableSince: Date?
        while true {
            if context.isCancelled {
                try? client.stop(submission)
                try context.checkCancelled()
            }
            do {
                let status = try client.status(submission)
                unreachableSince = nil
                if let p = RayJobClient.lastProgress((try? client.logs(submission)) ?? "") {
                    context.progress(stage: "ray \(p.stage) (\(submission))", done: p.done, total: p.total)
                }
                switch status.state {
                case "SUCCEEDED": return
                case "FAILED", "STOPPED":
                    throw EngineError("Ray job \(submission) \(status.state.lowercased()): \(status.message)")
                default: break
                }
            } catch let error as EngineError where !error.description.hasPrefix("Ray job") {
                let since = unreachableSince ?? Date()
                unreachableSince = since
                if Date().timeIntervalSince(since) > unreachableTimeout {
                    throw EngineError("\(error.description) (for \(Int(unreachableTimeout)) s while Ray job \(submission) ran)")
                }
            }
            Thread.sleep(forTimeInterval: pollInterval)
        }
    }

    /// POSIX shell single quoting.
    static func shellQuoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
