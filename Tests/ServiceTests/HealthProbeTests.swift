import Foundation
import Synchronization
import Testing
@testable import Service

@Suite struct HealthProbeTests {
    final class Counter: @unchecked Sendable {
        let lock = NSLock()
        var calls = 0
        var answer = true
        func call() -> Bool { lock.lock(); defer { lock.unlock() }; calls += 1; return answer }
    }

    @Test func probe_ChecksAtMostOncePerInterval() {
        let c = Counter()
        let probe = HealthProbe(interval: 60) { c.call() }
        for _ in 0..<100 { #expect(probe.isHealthy) }
        #expect(c.calls == 1)
    }

    @Test func probe_ChecksAgain_AfterTheInterval_AndReportsAFailure() {
        let c = Counter()
        let clock = Atomic<UInt64>(1_000_000_000)
        let probe = HealthProbe(interval: 0.05, now: { clock.load(ordering: .relaxed) }) { c.call() }
        #expect(probe.isHealthy)
        c.answer = false
        clock.add(49_000_000, ordering: .relaxed)
        #expect(probe.isHealthy, "checked again before the interval passed")
        clock.add(2_000_000, ordering: .relaxed)
        #expect(!probe.isHealthy)
        #expect(c.calls == 2)
    }

    @Test func concurrentProbes_RunOneCheck_PerInterval() {
        let c = Counter()
        let probe = HealthProbe(interval: 60) { usleep(20_000); return c.call() }
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<1000 { _ = probe.isHealthy }
        }
        #expect(c.calls == 1)
        #expect(probe.isHealthy)
    }
}
