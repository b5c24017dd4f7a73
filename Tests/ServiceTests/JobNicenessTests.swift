import Foundation
import Logging
@testable import Service
import Storage
import Testing
import TestSupport

/// Job threads run below the request threads' priority, and so do the threads a job starts.
@Suite struct JobNicenessTests {
    /// Records the niceness of the worker thread and of a thread it starts.
    struct NicenessProbe: JobExecutor {
        let seen: Locked<[Int32]>
        let done: DispatchSemaphore
        var kind: JobKind { .selection }

        func run(_ context: JobContext) throws -> JobCompletion {
            let worker = JobRunner.currentThreadNiceness()
            let child = Locked<Int32>(-100)
            let childDone = DispatchSemaphore(value: 0)
            let thread = Thread {
                child.withLock { $0 = JobRunner.currentThreadNiceness() }
                childDone.signal()
            }
            thread.start()
            childDone.wait()
            seen.withLock { $0 = [worker, child.withLock { $0 }] }
            done.signal()
            return JobCompletion()
        }
    }

    static func runProbe(niceness: Int32) throws -> (seen: [Int32], caller: Int32) {
        let temporary = try TemporaryDirectory("nice")
        let database = try DatabasePool(path: temporary.databasePath)
        let probe = NicenessProbe(seen: Locked([]), done: DispatchSemaphore(value: 0))
        let runner = JobRunner(database: database, concurrency: 1, executors: [probe], logger: Logger(label: "test"),
                               metrics: MetricsRegistry(), workerNiceness: niceness)
        try runner.start()
        defer { runner.stop() }
        _ = try database.write { db in try db.insertJob(id: "job-1", kind: .selection, request: "{}") }
        runner.notify()
        #expect(probe.done.wait(timeout: .now() + 20) == .success)
        return (probe.seen.withLock { $0 }, JobRunner.currentThreadNiceness())
    }

    @Test func jobWorker_AndTheThreadsItStarts_RunAtTheConfiguredNiceness_RequestsKeepTheirs() throws {
        let (seen, caller) = try Self.runProbe(niceness: 10)
        // Unprivileged, a thread can only raise its niceness: a test process already above 10 stays there.
        #expect(seen == [max(10, caller), max(10, caller)])
    }

    @Test func zeroNiceness_LeavesJobThreadsAtTheProcessPriority() throws {
        let (seen, caller) = try Self.runProbe(niceness: 0)
        #expect(seen == [caller, caller])
    }
}
