import Foundation
import LinearAlgebra
@testable import Service
import Storage
import Testing

/// By-hand benchmark of `GET .../projection` (bench/README-console.md) against its floor measured
/// in the same run: reading the sample's rows (one pass over the checkpoint, as the route does)
/// plus ONE float64 covariance `dsyrk` over them. Skipped unless SHORTLIST_BENCH is set; never
/// asserts on time.
@Suite struct ProjectionBenchTests {
    static let env = ProcessInfo.processInfo.environment

    @Test(.enabled(if: env["SHORTLIST_BENCH"] != nil))
    func bench_projection_AgainstSampleReadPlusOneSyrk() throws {
        let n = JobBenchTests.setting("SHORTLIST_BENCH_N", 20_000)
        let d = JobBenchTests.setting("SHORTLIST_BENCH_D", 8192)
        let runs = max(1, JobBenchTests.setting("SHORTLIST_BENCH_RUNS", 2))
        print("BENCH load average at start: \(JobBenchTests.loadAverage())")
        let h = try ServiceHarness.make()
        var client = h.client
        client.timeoutSeconds = 3600
        try JobBenchTests.seed(h.service.database, n: n, m: 1, d: d, labels: ["default"])
        var best = (route: Double.infinity, read: Double.infinity, syrk: Double.infinity)
        for _ in 0..<runs {
            var rows = [Float]()
            let read = try JobBenchTests.seconds {
                rows = try h.service.database.read(mapped: false) { db in
                    let pool = try db.requirePool(named: "cands")
                    let feature = try #require(try db.feature(poolID: pool.id, name: "emb"))
                    let checkpoint = try #require(try db.checkpoint(featureID: feature.id, label: "default"))
                    var out = [Float](repeating: 0, count: n * d)
                    try out.withUnsafeMutableBufferPointer { buffer in
                        _ = try db.forEachRow(checkpoint: checkpoint, poolID: pool.id) { buffer.baseAddress! + $0 * d }
                    }
                    return out
                }
            }
            let syrk = JobBenchTests.seconds {
                let wide = rows.map(Double.init)
                var c = [Double](repeating: 0, count: d * d)
                wide.withUnsafeBufferPointer { a in
                    c.withUnsafeMutableBufferPointer { BLAS.dsyrk(transpose: true, n: d, k: n, alpha: 1 / Double(n - 1), a: a.baseAddress!, lda: d, c: $0.baseAddress!, ldc: d) }
                }
            }
            rows = []
            var status = 0
            let route = try JobBenchTests.seconds {
                status = try client.json("GET", "/v1/pools/cands/features/emb/projection?sample=\(min(n, ProjectionQuery.maxSample))").status
            }
            #expect(status == 200)
            print("BENCH projection \(n)x\(d): route \(JobBenchTests.f(route)) s; floor = read \(JobBenchTests.f(read)) s + syrk \(JobBenchTests.f(syrk)) s; ratio \(JobBenchTests.f(route / (read + syrk))); load average \(JobBenchTests.loadAverage())")
            best = (min(best.route, route), min(best.read, read), min(best.syrk, syrk))
        }
        print("BENCH projection best of \(runs): route \(JobBenchTests.f(best.route)) s vs floor \(JobBenchTests.f(best.read + best.syrk)) s (read \(JobBenchTests.f(best.read)) + syrk \(JobBenchTests.f(best.syrk))): ratio \(JobBenchTests.f(best.route / (best.read + best.syrk)))")
        print("BENCH-RESULT name=projection-\(n)x\(d) value=\(JobBenchTests.f(best.route)) unit=s floor=\(JobBenchTests.f(best.read + best.syrk)) note=GET .../projection?sample=\(n) vs reading the sample + one float64 dsyrk, best of \(runs)")
    }
}
