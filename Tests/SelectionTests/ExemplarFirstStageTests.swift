import LinearAlgebra
import PropertyBased
import Selection
import Testing

@Suite struct ExemplarFirstStageTests {
    private func innerProducts(_ data: ExemplarTestData, rows: [Int]) throws -> [Float] {
        try data.query.withUnsafeBufferPointer { q in
            try data.pool.values.withUnsafeBufferPointer { p in
                try ExemplarFirstStage.innerProducts(query: q.baseAddress!, pool: p.baseAddress!, dim: data.pool.cols, rows: rows)
            }
        }
    }

    private func sequential(_ data: ExemplarTestData, row: Int) -> Float {
        var s: Float = 0
        for t in 0..<data.pool.cols { s += data.query[t] * data.pool[row, t] }
        return s
    }

    @Test func interleavedKernel_EqualsTheSequentialLoop_BitForBit() async {
        await propertyCheck(count: 50, input: Gen.uint64(), Gen.int(in: 1...40), Gen.int(in: 1...70)) { seed, rows, dim in
            let data = ExemplarTestData(seed: seed, rows: rows, dim: dim, duplicates: rows / 3)
            let got = try innerProducts(data, rows: Array(0..<rows))
            #expect(got.map(\.bitPattern) == (0..<rows).map { sequential(data, row: $0).bitPattern })
        }
    }

    @Test func duplicateRows_GetIdenticalInnerProducts_WhereverTheySit() throws {
        // Unit-scale values with many mantissa bits, so a different summation order would show.
        var g = SplitMix64(seed: 9)
        let dim = 37
        let base = (0..<dim).map { _ in Float(Double(g.next() >> 11) / 9_007_199_254_740_992.0 - 0.5) }
        let query = (0..<dim).map { _ in Float(Double(g.next() >> 11) / 9_007_199_254_740_992.0 - 0.5) }
        let rows = 19
        var values = (0..<(rows * dim)).map { _ in Float(Double(g.next() >> 11) / 9_007_199_254_740_992.0) }
        for r in [0, 5, 8, 13, 18] { values.replaceSubrange((r * dim)..<((r + 1) * dim), with: base) }
        let data = ExemplarTestData(query: query, pool: Matrix(rows: rows, cols: dim, values: values))
        let ip = try innerProducts(data, rows: Array(0..<rows))
        #expect(Set([0, 5, 8, 13, 18].map { ip[$0].bitPattern }).count == 1)
        let subset = try innerProducts(data, rows: [1, 13, 2, 3, 4, 6, 7, 9, 18])
        #expect(subset[1] == ip[0] && subset[8] == ip[0])
    }

    @Test func top_SortsByInnerProductThenPoolIndex() {
        let top = ExemplarFirstStage.top(m: 4, rows: [2, 4, 6, 8, 10], innerProducts: [0.5, 0.9, 0.5, -0.0, 0.9])
        #expect(top.map(\.index) == [4, 10, 2, 6])
        #expect(ExemplarFirstStage.top(m: 0, rows: [1], innerProducts: [1]).isEmpty)
        #expect(ExemplarFirstStage.top(m: 9, rows: [3, 1], innerProducts: [0, 0]).map(\.index) == [1, 3])
    }

    @Test func zeroQuery_FirstStageIsIndexOrderOfTheFilteredPool() throws {
        let data = ExemplarTestData(seed: 3, rows: 12, dim: 4)
        let result = try ExemplarRanker.rank(
            query: [0, 0, 0, 0], pool: data.pool, allowed: [1, 2, 4, 5, 7, 9], options: ExemplarOptions(reranker: .knn, k: 3, m: 4))
        #expect(result.firstStage == [1, 2, 4, 5])
        #expect(result.order == [1, 2, 4])
        #expect(result.m == 4 && result.poolSize == 6)
    }

    @Test func preselection_IsExact_WhenManyRowsNearlyTie() async {
        // Rows that differ from one another by a few ulps: sgemv may order them differently from
        // the sequential loop, and only the exact re-score can give the specified order.
        await propertyCheck(count: 30, input: Gen.uint64(), Gen.int(in: 16...200)) { seed, rows in
            var g = SplitMix64(seed: seed)
            let dim = 64
            let base = (0..<dim).map { _ in Float(Double(g.next() >> 11) / 9_007_199_254_740_992.0 - 0.5) }
            var values: [Float] = []
            for _ in 0..<rows {
                values += base.map { $0.bitPattern % 3 == 0 ? $0 : Float(bitPattern: $0.bitPattern &+ UInt32(g.next() % 5)) }
            }
            let data = ExemplarTestData(query: base.reversed(), pool: Matrix(rows: rows, cols: dim, values: values))
            let options = ExemplarOptions(reranker: .knn, k: 8, m: 10)
            let exact = try ExemplarRanker.rank(query: data.query, pool: data.pool, options: options)
            let fast = try ExemplarRanker.rank(query: data.query, pool: ExemplarPool(data.pool), options: options)
            #expect(fast == exact)
        }
    }

    @Test func preselection_OverAFilteredPool_EqualsTheExactLoop() async {
        await propertyCheck(count: 30, input: Gen.uint64(), Gen.int(in: 16...200)) { seed, rows in
            let data = ExemplarTestData(seed: seed, rows: rows, dim: 7, duplicates: rows / 4)
            // At least half the pool, so that the prepared pool takes the sgemv path.
            let allowed = (0..<rows).filter { ($0 &+ Int(seed % 5)) % 4 != 0 }
            let options = ExemplarOptions(reranker: .knn, k: 5, m: 9)
            let exact = try ExemplarRanker.rank(query: data.query, pool: data.pool, allowed: allowed, options: options)
            let fast = try ExemplarRanker.rank(query: data.query, pool: ExemplarPool(data.pool), allowed: allowed, options: options)
            #expect(fast == exact)
        }
    }

    @Test func preselection_OfTheWholePool_FindsTheRowsOfTheExactTopM() throws {
        let data = ExemplarTestData(seed: 11, rows: 300, dim: 16, duplicates: 40)
        let top = try data.pool.values.withUnsafeBufferPointer { p in
            try data.query.withUnsafeBufferPointer { q in
                try ExemplarFirstStage.preselected(
                    m: 12, query: q.baseAddress!, pool: p.baseAddress!, rows: 300, dim: 16, allowed: nil,
                    maxRowNorm: try ExemplarPool(data.pool).maxRowNorm)
            }
        }
        let all = Array(0..<300)
        let exact = try data.pool.values.withUnsafeBufferPointer { p in
            try data.query.withUnsafeBufferPointer { q in
                ExemplarFirstStage.top(
                    m: 12, rows: all,
                    innerProducts: try ExemplarFirstStage.innerProducts(query: q.baseAddress!, pool: p.baseAddress!, dim: 16, rows: all))
            }
        }
        #expect(top?.map(\.index) == exact.map(\.index))
        #expect(top?.map(\.ip) == exact.map(\.ip))
    }

    @Test func halfPrecisionPrescan_GivesTheExactResult_WhenManyRowsNearlyTie() async {
        // Rows a few ulps apart are far closer than binary16 can tell: the pre-scan must keep
        // them all for the exact re-score.
        await propertyCheck(count: 30, input: Gen.uint64(), Gen.int(in: 16...200), Gen.int(in: -20...6)) { seed, rows, binade in
            var g = SplitMix64(seed: seed)
            let dim = 40
            let scale = Float(sign: .plus, exponent: binade, significand: 1)
            let base = (0..<dim).map { _ in Float(Double(g.next() >> 11) / 9_007_199_254_740_992.0 - 0.5) * scale }
            var values: [Float] = []
            for _ in 0..<rows {
                values += base.map { $0.bitPattern % 3 == 0 ? $0 : Float(bitPattern: $0.bitPattern &+ UInt32(g.next() % 5)) }
            }
            let pool = Matrix(rows: rows, cols: dim, values: values)
            let prepared = try ExemplarPool(pool)
            if HalfPrecisionRows.isSupported { #expect(prepared.halfRows != nil) }
            let query = base.reversed().map { $0 / scale }
            let options = ExemplarOptions(reranker: .knn, k: 8, m: 10)
            let exact = try ExemplarRanker.rank(query: query, pool: pool, options: options)
            #expect(try ExemplarRanker.rank(query: query, pool: prepared, options: options) == exact)
            let allowed = Array(stride(from: 0, to: rows, by: 2)) + Array(stride(from: 1, to: rows / 2, by: 2))
            let sortedAllowed = allowed.sorted()
            let exactAllowed = try ExemplarRanker.rank(query: query, pool: pool, allowed: sortedAllowed, options: options)
            #expect(try ExemplarRanker.rank(query: query, pool: prepared, allowed: sortedAllowed, options: options) == exactAllowed)
        }
    }

    /// At d >= 2^24 no float32 error bound holds (γ_d needs d u < 1): the pre-scan must leave the
    /// choice to the exact loop. It returned no row at all (a negative bound).
    @Test func preselection_DeclinesVectorsOf2To24Dimensions() throws {
        let d = 1 << 24
        let ones = [Float](repeating: 1, count: d)
        let top = try ones.withUnsafeBufferPointer { p in
            try ExemplarFirstStage.preselected(
                m: 1, query: p.baseAddress!, pool: p.baseAddress!, rows: 1, dim: d, allowed: nil, maxRowNorm: Double(d).squareRoot())
        }
        #expect(top == nil, "\(String(describing: top))")
    }

    @Test func poolBeyondBinary16Range_KeepsTheSgemvPrescan_AndTheExactResult() throws {
        let data = ExemplarTestData(seed: 5, rows: 64, dim: 8, duplicates: 8)
        let pool = Matrix(rows: 64, cols: 8, values: data.pool.values.map { $0 * 70_000 })
        let prepared = try ExemplarPool(pool)
        #expect(prepared.halfRows == nil)
        let options = ExemplarOptions(reranker: .lore, k: 4, m: 12)
        #expect(try ExemplarRanker.rank(query: data.query, pool: prepared, options: options)
            == ExemplarRanker.rank(query: data.query, pool: pool, options: options))
    }

    @Test func halfAndSgemvPrescans_GiveIdenticalResults_ForEveryReranker() throws {
        let data = ExemplarTestData(seed: 9, rows: 500, dim: 24, duplicates: 60)
        let half = try ExemplarPool(data.pool), single = try ExemplarPool(data.pool, halfPrecisionScan: false)
        #expect(single.halfRows == nil)
        for r in ExemplarReranker.allCases {
            let options = ExemplarOptions(reranker: r, k: 4, m: r == .mgs ? 8 : 32, nComponents: 5)
            #expect(try ExemplarRanker.rank(query: data.query, pool: half, options: options)
                == ExemplarRanker.rank(query: data.query, pool: single, options: options), "\(r)")
        }
    }

    @Test func halfPrecisionPrescan_KeepsEveryRowItCannotRuleOut() async {
        // Rows apart in float32 but within binary16's rounding of one another: the pre-scan's
        // order among them is noise, and only a bound that covers the rounding keeps the exact top m.
        await propertyCheck(count: 30, input: Gen.uint64(), Gen.int(in: 40...300)) { seed, rows in
            var g = SplitMix64(seed: seed)
            func uniform() -> Float { Float(Double(g.next() >> 11) / 9_007_199_254_740_992.0 - 0.5) }
            let dim = 48
            let base = (0..<dim).map { _ in uniform() }
            var values: [Float] = []
            for _ in 0..<rows { values += base.map { $0 + uniform() * 0x1p-11 } }
            let pool = Matrix(rows: rows, cols: dim, values: values)
            let query = (0..<dim).map { _ in uniform() }
            let options = ExemplarOptions(reranker: .knn, k: 8, m: 16)
            let fast = try ExemplarRanker.rank(query: query, pool: ExemplarPool(pool), options: options)
            let exact = try ExemplarRanker.rank(query: query, pool: pool, options: options)
            #expect(fast == exact)
        }
    }
}
