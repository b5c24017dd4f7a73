import Foundation

/// CPU time and run-queue wait of every thread of this process during a benchmark phase, from
/// /proc/self/task/<tid>/schedstat (nanoseconds on a CPU, nanoseconds runnable but waiting for
/// one). A thread polls every `interval` seconds and keeps each thread's latest figures, so
/// threads that exit before `stop()` (a selection's workers) are still counted, up to one
/// interval short. On a shared box wall clock depends on the load; these do not: the busiest
/// thread's CPU time is the wall clock the phase would take with a core per thread.
final class ThreadCPUSampler: @unchecked Sendable {
    struct Thread: Sendable {
        var name: String
        /// Seconds on a CPU during the phase.
        var cpu: Double
        /// Seconds runnable but waiting for a CPU (the load's share of the wall clock).
        var wait: Double
    }

    private let lock = NSLock()
    private var baseline: [Int: Thread] = [:]
    private var latest: [Int: Thread] = [:]
    private var running = true
    private let done = DispatchSemaphore(value: 0)
    static let samplerName = "bench-cpu-sampler"

    init(interval: Double = 0.02) {
        baseline = Self.read()
        let thread = Foundation.Thread { [self] in
            while lock.withLock({ running }) {
                let now = Self.read()
                lock.withLock { latest.merge(now) { $1 } }
                Foundation.Thread.sleep(forTimeInterval: interval)
            }
            done.signal()
        }
        thread.name = Self.samplerName
        thread.start()
    }

    /// Per-thread CPU and wait since `init`, busiest first, threads that used under 1 ms left out.
    func stop() -> [Thread] {
        lock.withLock { running = false }
        done.wait()
        let final = Self.read()
        return lock.withLock {
            latest.merge(final) { $1 }
            return latest.compactMap { tid, now -> Thread? in
                let before = baseline[tid] ?? Thread(name: now.name, cpu: 0, wait: 0)
                let used = Thread(name: now.name, cpu: now.cpu - before.cpu, wait: now.wait - before.wait)
                return used.cpu >= 0.001 && used.name != Self.samplerName ? used : nil
            }.sorted { $0.cpu > $1.cpu }
        }
    }

    /// "name CPU s (wait s)" per thread, then the totals: CPU of all threads, the busiest
    /// thread's CPU and the wait of all threads.
    static func summary(_ threads: [Thread]) -> String {
        let total = threads.reduce(0) { $0 + $1.cpu }
        let wait = threads.reduce(0) { $0 + $1.wait }
        let each = threads.prefix(6).map { String(format: "%@ %.3f (wait %.3f)", $0.name as NSString, $0.cpu, $0.wait) }
        return String(format: "threads CPU s: %@ | total CPU %.3f s, busiest thread %.3f s, run-queue wait %.3f s",
                      each.joined(separator: ", ") as NSString, total, threads.first?.cpu ?? 0, wait)
    }

    private static func read() -> [Int: Thread] {
        guard let tids = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task") else { return [:] }
        var out: [Int: Thread] = [:]
        for tid in tids.compactMap(Int.init) {
            guard let stat = try? String(contentsOfFile: "/proc/self/task/\(tid)/schedstat", encoding: .utf8) else { continue }
            let fields = stat.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            guard fields.count >= 2 else { continue }
            let name = (try? String(contentsOfFile: "/proc/self/task/\(tid)/comm", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
            out[tid] = Thread(name: name, cpu: fields[0] * 1e-9, wait: fields[1] * 1e-9)
        }
        return out
    }
}
