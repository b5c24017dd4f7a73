import Foundation
import LinearAlgebra
import Selection
import Testing

/// By-hand benchmark of the exemplar ranker (bench/README-exemplars.md), skipped unless
/// `SHORTLIST_BENCH=1`: `SHORTLIST_BENCH=1 swift test -c release --filter ExemplarBenchTests`.
/// Prints p50/p99 per request next to the sgemv floor measured in the same run; asserts nothing
/// about time.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["SHORTLIST_BENCH"] == "1"))
struct ExemplarBenchTests {
    static let n = 10_000, d = 384, queries = 300

    static func unitRows(_ rows: Int, _ d: Int, seed: UInt64) -> [Float] {
        var g = SplitMix64(seed: seed)
        var v = (0..<(rows * d)).map { _ in Float(Double(g.next() >> 11) / 9_007_199_254_740_992.0 - 0.5) }
        v.withUnsafeMutableBufferPointer { RowNormalization.normalizeRows($0.baseAddress!, rows: rows, cols: d) }
        return v
    }

    static func percentiles(_ samples: [Double]) -> (p50: Double, p99: Double) {
        let s = samples.sorted()
        return (s[s.count / 2], s[min(s.count - 1, Int(Double(s.count) * 0.99))])
    }

    static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    }

    @Test func bench_RankerVersusSgemvFloor_10000x384() throws {
        BLAS.useSingleThread()
        let pool = Matrix(rows: Self.n, cols: Self.d, values: Self.unitRows(Self.n, Self.d, seed: 1))
        let prepared = try ExemplarPool(pool)
        let queries = Self.unitRows(Self.queries, Self.d, seed: 2)
        var y = [Float](repeating: 0, count: Self.n)
        var floor: [Double] = [], firstStage: [Double] = [], preselected: [Double] = [], exactLore: [Double] = []
        var perReranker: [ExemplarReranker: [Double]] = [:]
        let all = Array(0..<Self.n)
        for qi in 0..<Self.queries {
            let q = Array(queries[(qi * Self.d)..<((qi + 1) * Self.d)])
            floor.append(Self.time {
                pool.values.withUnsafeBufferPointer { a in
                    q.withUnsafeBufferPointer { x in
                        y.withUnsafeMutableBufferPointer { yp in
                            BLAS.sgemv(m: Self.n, n: Self.d, a: a.baseAddress!, lda: Self.d, x: x.baseAddress!, y: yp.baseAddress!)
                        }
                    }
                }
            })
            firstStage.append(try Self.time {
                try pool.values.withUnsafeBufferPointer { a in
                    try q.withUnsafeBufferPointer { x in
                        _ = try ExemplarFirstStage.innerProducts(query: x.baseAddress!, pool: a.baseAddress!, dim: Self.d, rows: all)
                    }
                }
            })
            preselected.append(try Self.time {
                try pool.values.withUnsafeBufferPointer { a in
                    try q.withUnsafeBufferPointer { x in
                        _ = try ExemplarFirstStage.preselected(
                            m: 64, query: x.baseAddress!, pool: a.baseAddress!, rows: Self.n, dim: Self.d, allowed: all,
                            maxRowNorm: prepared.maxRowNorm)
                    }
                }
            })
            exactLore.append(try Self.time { _ = try ExemplarRanker.rank(query: q, pool: pool, options: ExemplarOptions()) })
            for r in ExemplarReranker.allCases {
                let options = ExemplarOptions(reranker: r, k: 8)
                perReranker[r, default: []].append(try Self.time { _ = try ExemplarRanker.rank(query: q, pool: prepared, options: options) })
            }
        }
        let f = Self.percentiles(floor)
        print(String(format: "BENCH exemplars N=%d d=%d queries=%d", Self.n, Self.d, Self.queries))
        print(String(format: "BENCH sgemv floor          p50 %.3f ms  p99 %.3f ms", f.p50, f.p99))
        let fs = Self.percentiles(firstStage)
        print(String(format: "BENCH exact first stage    p50 %.3f ms  p99 %.3f ms  (%.2fx floor)", fs.p50, fs.p99, fs.p50 / f.p50))
        let ps = Self.percentiles(preselected)
        print(String(format: "BENCH sgemv+exact rescore  p50 %.3f ms  p99 %.3f ms  (%.2fx floor)", ps.p50, ps.p99, ps.p50 / f.p50))
        let el = Self.percentiles(exactLore)
        print(String(format: "BENCH rank lore, exact-loop first stage (unprepared pool) p50 %.3f ms  p99 %.3f ms  (%.2fx floor)", el.p50, el.p99, el.p50 / f.p50))
        for r in ExemplarReranker.allCases {
            let p = Self.percentiles(perReranker[r] ?? [0])
            print(String(format: "BENCH rank prepared %@ m=%d k=8 p50 %.3f ms  p99 %.3f ms  (%.2fx floor, floor*1.5+0.3 = %.3f)",
                         r.rawValue, r.defaultM, p.p50, p.p99, p.p50 / f.p50, f.p50 * 1.5 + 0.3))
        }
    }
}
