import Foundation
import JSON
import LinearAlgebra
import Selection
@testable import Service
import TestSupport

/// Sequential POST /v1/exemplars requests against a seeded pool (bench/exemplars-route's shape:
/// 10,000 x 384 unit vectors, a query_vector, m = 64, k = 8, lore), one at a time on a fresh
/// connection, from a background thread until `stop()`; client round trips in milliseconds.
/// With `start(healthz: true)` a second thread sends GET /healthz the same way meanwhile.
final class ExemplarLoad: @unchecked Sendable {
    let client: TestHTTPClient
    let body: JSONValue
    private let latencies = Locked([Double]())
    private let healthzLatencies = Locked([Double]())
    private let failures = Locked(0)
    private let running = Locked(false)
    private let done = DispatchSemaphore(value: 0)
    private let threads = Locked(0)

    /// Seeds pool `pool` with `n` items and a unit-vector feature `embedding` of `dim`.
    init(_ h: ServiceHarness, pool: String = "ex", n: Int = 10_000, dim: Int = 384) throws {
        var rng = SplitMix64(seed: 7)
        func unit() -> [Float] {
            let v = (0..<dim).map { _ in Float(Int64(bitPattern: rng.next()) >> 40) / Float(1 << 23) }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return v.map { $0 / max(norm, 1e-6) }
        }
        let vectors = (0..<n).map { _ in unit() }
        try ExemplarPoolSeeder.seed(h, pool: pool, items: ExemplarPoolSeeder.items(n), vectors: vectors)
        client = h.client
        body = .object([
            .init("pool", .string(pool)), .init("question", .string("q")),
            .init("query_vector", .array(unit().map { .double(Double($0)) })),
            .init("m", .int(64)), .init("k", .int(8)), .init("method", .string("lore")),
        ])
    }

    /// One request (GET /healthz with `healthz`); its round trip in ms, nil unless it answered 200.
    func once(healthz: Bool = false) -> Double? {
        let start = ContinuousClock.now
        let response = healthz ? try? client.json("GET", "/healthz") : try? client.json("POST", "/v1/exemplars", body)
        guard let r = response, r.status == 200 else { return nil }
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) / 1e15
    }

    /// `count` requests in a row (no other load): the baseline.
    func sequential(_ count: Int) -> [Double] { (0..<count).compactMap { _ in once() } }

    func start(healthz: Bool = false) {
        running.withLock { $0 = true }
        for probe in healthz ? [false, true] : [false] {
            threads.withLock { $0 += 1 }
            Thread.detachNewThread { [self] in
                let into = probe ? healthzLatencies : latencies
                while running.withLock({ $0 }) {
                    if let ms = once(healthz: probe) { into.withLock { $0.append(ms) } } else { failures.withLock { $0 += 1 } }
                }
                done.signal()
            }
        }
    }

    /// Stops the load; the round trips measured (exemplars, /healthz) and the count of requests
    /// that did not answer 200.
    func stop() -> (latencies: [Double], failures: Int, healthz: [Double]) {
        running.withLock { $0 = false }
        for _ in 0..<threads.withLock({ count in defer { count = 0 }; return count }) { done.wait() }
        defer {
            latencies.withLock { $0 = [] }
            healthzLatencies.withLock { $0 = [] }
            failures.withLock { $0 = 0 }
        }
        return (latencies.withLock { $0 }, failures.withLock { $0 }, healthzLatencies.withLock { $0 })
    }

    /// "n, p50 / p99 / max ms" of `values`.
    static func summary(_ values: [Double]) -> String {
        guard !values.isEmpty else { return "no samples" }
        let s = values.sorted()
        return "n \(s.count), p50 \(String(format: "%.2f", nearestRank(s, 0.5))) / p99 \(String(format: "%.2f", nearestRank(s, 0.99))) / max \(String(format: "%.2f", s.last ?? 0)) ms"
    }

    /// The `p` quantile of `values` (nearest rank), or nil without samples.
    static func quantile(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        return nearestRank(values.sorted(), p)
    }

    private static func nearestRank(_ sorted: [Double], _ p: Double) -> Double {
        sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
    }
}
