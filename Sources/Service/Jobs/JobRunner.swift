import Foundation
import JSON
import Logging
import Selection
import Storage

/// Runs persisted jobs on its own threads (never Dispatch's global queues: jobs block for
/// minutes), at most `concurrency` at a time, oldest first. Jobs survive restarts: on `start()`
/// every job left `running` by a dead process is queued again and run from the beginning.
/// A heartbeat thread writes progress (and `last_progress_at`) at least once a second.
public final class JobRunner: Sendable {
    private struct State {
        var running: [String: JobContext] = [:]
        var stopping = false
        var started = false
    }

    let database: DatabasePool
    let concurrency: Int
    let logger: Logger
    let metrics: MetricsRegistry
    private let executors: [JobKind: any JobExecutor]
    private let state = Locked(State())
    private let wake = NSCondition()
    private let heartbeatInterval: Double
    private let finished = DispatchGroup()
    /// Niceness of the job worker threads and of the threads they start (the block reader;
    /// Linux threads inherit it). Jobs are batch work next to interactive requests: at +10 a
    /// request thread that competes with a job for a core gets ~90% of it (CFS weights 1024 vs
    /// 110), while on an idle box the job still has every core.
    let workerNiceness: Int32
    public static let defaultWorkerNiceness: Int32 = 10

    public init(database: DatabasePool, concurrency: Int, executors: [any JobExecutor], logger: Logger,
                metrics: MetricsRegistry, heartbeatInterval: Double = 0.5, workerNiceness: Int32 = JobRunner.defaultWorkerNiceness) {
        self.database = database
        self.concurrency = max(1, concurrency)
        self.logger = logger
        self.metrics = metrics
        self.executors = Dictionary(executors.map { ($0.kind, $0) }, uniquingKeysWith: { a, _ in a })
        self.heartbeatInterval = heartbeatInterval
        self.workerNiceness = workerNiceness
    }

    /// Requeues jobs a dead process left running, then starts the workers and the heartbeat.
    public func start() throws {
        let requeued = try database.write { db in try db.requeueRunningJobs() }
        if requeued > 0 { logger.info("requeued interrupted jobs", metadata: ["jobs.requeued": "\(requeued)"]) }
        state.withLock { $0.started = true }
        for n in 0..<concurrency {
            spawn(name: "shortlist-job-\(n)") { [self] in
                Self.setCurrentThreadNiceness(workerNiceness)
                workerLoop()
            }
        }
        spawn(name: "shortlist-job-heartbeat") { [self] in heartbeatLoop() }
    }

    private func spawn(name: String, _ body: @escaping @Sendable () -> Void) {
        finished.enter()
        let t = Thread { [finished] in
            body()
            finished.leave()
        }
        t.name = name
        t.stackSize = 8 << 20
        t.start()
    }

    /// Linux: niceness is per thread, and `who` = 0 is the calling thread only (not the process). Failure (a sandbox refusing
    /// it) leaves the thread at the process's niceness: slower requests beside jobs, nothing worse.
    static func setCurrentThreadNiceness(_ value: Int32) {
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, value)
    }

    /// The calling thread's niceness (Linux: per thread).
    static func currentThreadNiceness() -> Int32 {
        errno = 0
        return getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
    }

    /// Wakes a worker: a job was queued.
    public func notify() {
        wake.lock()
        wake.broadcast()
        wake.unlock()
    }

    /// Cancels a job: a queued one is marked cancelled at once; a running one is told to stop
    /// (its loops and SQLite reads check within a second). Returns false if the job has finished.
    public func cancel(jobID: String) throws -> Bool {
        if let context = state.withLock({ $0.running[jobID] }) {
            context.cancel()
            return true
        }
        return try database.write { db -> Bool in
            guard let job = try db.job(id: jobID) else { throw StorageError.notFound("job '\(jobID)'") }
            if job.status.isFinished { return false }
            if job.status == .queued {
                try db.finishJob(id: jobID, JobOutcome(status: .cancelled, error: Self.errorJSON(type: "cancelled", message: "cancelled before it started")))
            }
            // Running but not on this process's books yet (claim in flight): the claim path checks again.
            return true
        }
    }

    /// Stops the workers: running jobs are interrupted and stay `running` in the database, so the
    /// next start runs them again (same result, as if uninterrupted).
    public func stop() {
        let contexts = state.withLock { s -> [JobContext] in
            s.stopping = true
            return Array(s.running.values)
        }
        contexts.forEach { $0.cancel(stopping: true) }
        notify()
        guard state.withLock({ $0.started }) else { return }
        _ = finished.wait(timeout: .now() + 30)
    }

    public var runningJobIDs: [String] { state.withLock { Array($0.running.keys) } }

    private var isStopping: Bool { state.withLock { $0.stopping } }

    private func workerLoop() {
        while !isStopping {
            let job: JobRecord?
            do {
                job = try database.write { db in try db.claimNextQueuedJob() }
            } catch {
                logger.error("claiming a job failed", metadata: ["error": "\(error)"])
                job = nil
            }
            guard let job else {
                wake.lock()
                if !isStopping { _ = wake.wait(until: Date().addingTimeInterval(1)) }
                wake.unlock()
                continue
            }
            run(job)
        }
    }

    private func run(_ job: JobRecord) {
        let context = JobContext(job: job)
        state.withLock { $0.running[job.id] = context }
        defer { state.withLock { _ = $0.running.removeValue(forKey: job.id) } }
        // A cancel that raced the claim: the row may have been cancelled while queued.
        if let current = try? database.read({ db in try db.job(id: job.id) }), current.status.isFinished { return }
        let started = Date()
        logger.info("job started", metadata: ["job.id": "\(job.id)", "job.kind": "\(job.kind.rawValue)"])
        let outcome: JobOutcome
        do {
            guard let executor = executors[job.kind] else {
                throw APIError(status: 500, type: "internal", message: "no executor for jobs of kind \(job.kind.rawValue)")
            }
            let completion = try executor.run(context)
            if context.isStopping { return }
            outcome = JobOutcome(status: .succeeded, diagnostics: completion.diagnostics, warnings: completion.warnings)
        } catch {
            if context.isStopping { return }  // left `running`: requeued on the next start
            outcome = Self.outcome(for: error, cancelled: context.isCancelled)
        }
        flushProgress(context)
        do {
            _ = try database.write { db in try db.finishJob(id: job.id, outcome) }
        } catch {
            logger.error("recording a job outcome failed", metadata: ["job.id": "\(job.id)", "error": "\(error)"])
        }
        metrics.increment("shortlist_jobs_finished_total", labels: ["kind": job.kind.rawValue, "status": outcome.status.rawValue])
        logger.info("job finished", metadata: [
            "job.id": "\(job.id)", "job.status": "\(outcome.status.rawValue)",
            "job.duration_ms": "\(Int(-started.timeIntervalSinceNow * 1000))", "job.stages": "\(context.stageTimes)",
        ])
    }

    /// A thrown error as the job's recorded outcome: typed API errors keep their type, code and
    /// message; anything else is an internal error whose details stay in the log.
    static func outcome(for error: any Error, cancelled: Bool) -> JobOutcome {
        if cancelled { return JobOutcome(status: .cancelled, error: errorJSON(type: "cancelled", message: "cancelled while running")) }
        if let e = error as? SelectionError, e.code == .cancelled {
            return JobOutcome(status: .cancelled, error: errorJSON(type: "cancelled", message: "cancelled while running"))
        }
        if let e = error as? SQLiteError, e.isInterrupt {
            return JobOutcome(status: .cancelled, error: errorJSON(type: "cancelled", message: "cancelled while running"))
        }
        let (mapped, _) = APIError.from(error)
        return JobOutcome(status: .failed, error: String(decoding: JSONWriter.encode(mapped.body["error"] ?? .null), as: UTF8.self))
    }

    static func errorJSON(type: String, message: String) -> String {
        String(decoding: JSONWriter.encode(.object(["type": .string(type), "message": .string(message)])), as: UTF8.self)
    }

    private func flushProgress(_ context: JobContext) {
        guard let p = context.takeProgress() else { return }
        _ = try? database.write { db in try db.updateJobProgress(id: context.job.id, stage: p.stage, done: p.done, total: p.total) }
    }

    /// Writes every running job's progress; also refreshes `last_progress_at` when nothing moved,
    /// so a client can tell a busy job from a dead one.
    private func heartbeatLoop() {
        while !isStopping {
            Thread.sleep(forTimeInterval: heartbeatInterval)
            for context in state.withLock({ Array($0.running.values) }) {
                let p = context.takeProgress() ?? context.currentProgress()
                _ = try? database.write { db in try db.updateJobProgress(id: context.job.id, stage: p.stage, done: p.done, total: p.total) }
            }
        }
    }
}
