import LinearAlgebra

/// DQ-LoRe steps 3 and 4 (docs/methods/exemplars.md §4-§5): the exact first stage over the filtered
/// pool, then one re-ranker. The pool is read in place (the Service keeps it cached), never copied;
/// only the m_eff candidates are gathered, in float32 (each re-ranker widens them as it needs).
public enum ExemplarRanker {
    /// Ranks over a prepared pool (the fast path: sgemv preselection plus an exact re-score, see
    /// `ExemplarFirstStage.preselected`). `allowed` is F (ascending pool indices, e.g. from
    /// `ExemplarFilter.allowedIndices`); `nil` means the whole pool.
    public static func rank(
        query: [Float], pool: ExemplarPool, allowed: [Int]? = nil, options: ExemplarOptions, lexical: LexicalScores? = nil,
        control: SelectionControl = .none
    ) throws -> ExemplarResult {
        try pool.matrix.values.withUnsafeBufferPointer { p in
            try rank(
                query: query, pool: p, rows: pool.matrix.rows, dim: pool.matrix.cols, allowed: allowed,
                options: options, lexical: lexical, control: control, maxRowNorm: pool.maxRowNorm, halfRows: pool.halfRows)
        }
    }

    /// Ranks by the question's bm25 scores alone (`bm25`, no vectors): F of a pool of
    /// `poolSize` items (`allowed`, `nil` for all of them), `k <= |F|`.
    public static func rank(lexical: LexicalScores, poolSize: Int, allowed: [Int]? = nil, options: ExemplarOptions) throws -> ExemplarResult {
        try options.validate()
        guard poolSize >= 1 else { throw SelectionError(.emptyInput, "the pool has no items", parameter: "pool") }
        if let allowed { try ExemplarFilter.validate(allowed: allowed, poolSize: poolSize) }
        let filtered = allowed ?? Array(0..<poolSize)
        guard options.k <= filtered.count else {
            throw SelectionError(.invalidBudget, "k = \(options.k) exceeds the \(filtered.count) pool entries", parameter: "k")
        }
        return BM25Reranker.order(lexical.ranking(allowed: allowed, depth: options.k), filtered: filtered, k: options.k)
    }

    /// Ranks over an in-memory pool matrix (N x d) that has not been prepared: the exact loop
    /// over F, which also detects non-finite rows.
    public static func rank(
        query: [Float], pool: Matrix, allowed: [Int]? = nil, options: ExemplarOptions, lexical: LexicalScores? = nil,
        control: SelectionControl = .none
    ) throws -> ExemplarResult {
        try pool.values.withUnsafeBufferPointer { p in
            try rank(
                query: query, pool: p, rows: pool.rows, dim: pool.cols, allowed: allowed, options: options, lexical: lexical,
                control: control)
        }
    }

    /// Ranks over `rows x dim` row-major floats that the caller owns. `lexical` is the question's
    /// bm25 scores for the methods that read them (`bm25`, `hybrid`); `nil` means a question without
    /// tokens, where every item scores 0. With `maxRowNorm` (only
    /// for a pool known to be finite, as `ExemplarPool` checks) the first stage preselects by
    /// sgemv, or by `halfRows` (a binary16 copy of these rows) when given, when F covers at least
    /// half the pool; the result is the same either way.
    public static func rank(
        query: [Float], pool: UnsafeBufferPointer<Float>, rows: Int, dim: Int, allowed: [Int]? = nil,
        options: ExemplarOptions, lexical: LexicalScores? = nil, control: SelectionControl = .none, maxRowNorm: Double? = nil,
        halfRows: HalfPrecisionRows? = nil
    ) throws -> ExemplarResult {
        try options.validate()
        // `bm25` reads no vector: the pool only gives F's size.
        if !options.reranker.method.usesVectors {
            return try rank(lexical: lexical ?? .noTokens, poolSize: rows, allowed: allowed, options: options)
        }
        try checkShapes(query: query, poolCount: pool.count, rows: rows, dim: dim)
        // F stays `nil` for the whole pool: the prepared path then builds nothing of size N.
        if let allowed { try ExemplarFilter.validate(allowed: allowed, poolSize: rows) }
        let filteredCount = allowed?.count ?? rows
        guard query.allSatisfy(\.isFinite) else { throw SelectionError(.nonFiniteInput, "query contains NaN or Inf", parameter: "query") }
        guard let poolBase = pool.baseAddress else { throw SelectionError(.emptyInput, "the pool is empty", parameter: "pool") }
        if !options.reranker.usesFirstStage {
            return try randomOrder(
                pool: poolBase, dim: dim, filtered: allowed ?? Array(0..<rows), options: options, poolIsChecked: maxRowNorm != nil)
        }
        let mEff = min(options.requestedM, filteredCount)
        guard options.k <= mEff else {
            throw SelectionError(.invalidBudget, "k = \(options.k) exceeds the \(mEff) first-stage candidates (m)", parameter: "k")
        }
        try options.reranker.type.check(m: mEff, k: options.k)
        return try query.withUnsafeBufferPointer { qp in
            guard let q = qp.baseAddress else { throw SelectionError(.emptyInput, "the query is empty", parameter: "query") }
            let top = try firstStage(
                m: mEff, query: q, pool: poolBase, rows: rows, dim: dim, allowed: allowed, maxRowNorm: maxRowNorm,
                halfRows: halfRows, control: control)
            // Lets a caller time the two stages apart (the exemplar route's `timings_ms`).
            control.progress("first_stage", top.count, top.count)
            // The query array itself, not a copy: it may be as wide as the request body it came in.
            var candidates = ExemplarCandidates(
                query: query, pool: poolBase, dim: dim, indices: top.map(\.index), innerProducts: top.map(\.ip))
            if options.reranker.method.usesText { candidates.lexical = (lexical ?? .noTokens).ranking(allowed: allowed, depth: top.count) }
            let reranking = try rerank(candidates, options: options, control: control)
            let firstStage = top.map(\.index)
            return ExemplarResult(
                order: reranking.order ?? reranking.positions.map { firstStage[$0!] }, scores: reranking.scores,
                firstStage: firstStage, firstStageScores: top.map { Double($0.ip) }, positions: reranking.positions,
                m: mEff, poolSize: filteredCount, diagnostics: reranking.diagnostics, warnings: reranking.warnings)
        }
    }

    /// The top m of F (`allowed`, `nil` for every row): by pre-scan preselection on a prepared pool
    /// when F covers at least half of it, else by the exact loop over F.
    static func firstStage(
        m: Int, query q: UnsafePointer<Float>, pool: UnsafePointer<Float>, rows: Int, dim: Int, allowed: [Int]?,
        maxRowNorm: Double?, halfRows: HalfPrecisionRows?, control: SelectionControl
    ) throws -> [(index: Int, ip: Float)] {
        if let maxRowNorm, (allowed?.count ?? rows) * 2 >= rows,
           let top = try ExemplarFirstStage.preselected(
               m: m, query: q, pool: pool, rows: rows, dim: dim, allowed: allowed, maxRowNorm: maxRowNorm,
               halfRows: halfRows, control: control) {
            return top
        }
        let filtered = allowed ?? Array(0..<rows)
        let ip = try ExemplarFirstStage.innerProducts(query: q, pool: pool, dim: dim, rows: filtered, control: control)
        try checkFinite(ip, rows: filtered, pool: pool, dim: dim)
        return ExemplarFirstStage.top(m: m, rows: filtered, innerProducts: ip)
    }

    /// Runs the chosen re-ranker on the candidates; `k = 0` returns nothing after all validation.
    static func rerank(_ c: ExemplarCandidates, options: ExemplarOptions, control: SelectionControl) throws -> ExemplarReranking {
        guard options.k > 0 else { return ExemplarReranking(positions: [], scores: options.reranker.method.scored ? [] : nil) }
        return try options.reranker.type.rerank(c, k: options.k, options: options, control: control)
    }

    /// A re-ranker without a first stage (`random`, §5.6): a permutation of F.
    static func randomOrder(
        pool: UnsafePointer<Float>, dim: Int, filtered: [Int], options: ExemplarOptions, poolIsChecked: Bool
    ) throws -> ExemplarResult {
        guard options.k <= filtered.count else {
            throw SelectionError(.invalidBudget, "k = \(options.k) exceeds the \(filtered.count) pool entries", parameter: "k")
        }
        for p in filtered where !poolIsChecked && !rowIsFinite(pool + p * dim, dim: dim) {
            throw SelectionError(.nonFiniteInput, "pool row \(p) contains NaN or Inf", parameter: "pool")
        }
        return ExemplarResult(
            order: RandomReranker.order(filtered, k: options.k, seed: options.seed), scores: nil,
            firstStage: nil, firstStageScores: nil, positions: nil, m: nil, poolSize: filtered.count)
    }

    static func checkShapes(query: [Float], poolCount: Int, rows: Int, dim: Int) throws {
        guard rows >= 1 else { throw SelectionError(.emptyInput, "the pool has no rows", parameter: "pool") }
        guard dim >= 1 else { throw SelectionError(.emptyInput, "vectors have dimension 0", parameter: "query") }
        guard query.count == dim else {
            throw SelectionError(.shapeMismatch, "the query has d = \(query.count), the pool d = \(dim)", parameter: "query")
        }
        guard poolCount == rows * dim else {
            throw SelectionError(.shapeMismatch, "the pool buffer holds \(poolCount) values, not \(rows) x \(dim)", parameter: "pool")
        }
    }

    /// A non-finite row always yields a non-finite ip (NaN and Inf propagate, 0 * Inf is NaN), so
    /// rows are only inspected when their ip is not finite: no extra pass over the pool.
    static func checkFinite(_ ip: [Float], rows: [Int], pool: UnsafePointer<Float>, dim: Int) throws {
        for (r, v) in ip.enumerated() where !v.isFinite {
            let p = rows[r]
            if !rowIsFinite(pool + p * dim, dim: dim) {
                throw SelectionError(.nonFiniteInput, "pool row \(p) contains NaN or Inf", parameter: "pool")
            }
            throw SelectionError(.nonFiniteInput, "the inner product of the query with pool row \(p) overflows float32", parameter: "pool")
        }
    }

    static func rowIsFinite(_ row: UnsafePointer<Float>, dim: Int) -> Bool {
        for t in 0..<dim where !row[t].isFinite { return false }
        return true
    }
}
