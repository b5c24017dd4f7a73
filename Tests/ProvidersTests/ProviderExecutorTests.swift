import Foundation
import Synchronization
import Testing
import TestSupport
@testable import Providers

struct ProviderExecutorTests {
    @Test func runAll_ReturnsResultsInInputOrder() {
        let executor = ProviderExecutor(maxConcurrent: 3)
        let jobs: [@Sendable () -> Int] = (0..<20).map { index in { index * index } }
        #expect(executor.runAll(jobs) == (0..<20).map { $0 * $0 })
    }

    @Test func runAll_NeverRunsMoreThanMaxConcurrentJobsAtOnce() {
        let executor = ProviderExecutor(maxConcurrent: 2)
        let running = Mutex((now: 0, peak: 0))
        let jobs: [@Sendable () -> Void] = (0..<8).map { _ in
            {
                running.withLock { $0.now += 1; $0.peak = max($0.peak, $0.now) }
                // Each job stays until a second one runs beside it (bounded: a serial executor
                // would fail the peak, not hang), so the peak does not depend on timing.
                _ = eventually(within: 5) { running.withLock { $0.now } >= 2 }
                running.withLock { $0.now -= 1 }
            }
        }
        _ = executor.runAll(jobs)
        #expect(running.withLock { $0.peak } == 2)
    }

    @Test func run_ExecutesOnAPoolThread_NotTheCaller() {
        let executor = ProviderExecutor(maxConcurrent: 1)
        let caller = UInt(pthread_self())
        let worker = executor.run { UInt(pthread_self()) }
        #expect(worker != caller)
    }

    @Test func workers_EndAfterTheIdleTime_AndNewWorkStartsNewOnes() {
        let executor = ProviderExecutor(maxConcurrent: 4, idleSeconds: 0.5)
        _ = executor.runAll((0..<4).map { _ in { @Sendable in } })
        #expect(executor.liveThreads >= 1)
        #expect(eventually { executor.liveThreads == 0 }, "the idle workers did not end")
        #expect(executor.run { 7 } == 7)
    }
}
