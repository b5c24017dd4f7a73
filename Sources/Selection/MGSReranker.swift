/// The modified Gram-Schmidt subset choice (docs/methods/exemplars.md §5.4): every k-subset of the m
/// candidates in lexicographic order, scored by the largest residual norm; the first maximal
/// subset wins. A depth-first walk enumerates exactly that order and shares each prefix's basis
/// (the basis depends only on the prefix, so the scores equal a per-subset recomputation).
public enum MGSReranker: ExemplarRerankerMethod {
    /// m defaults to 10, because C(64, 8) would far exceed the subset cap.
    public static let method = RerankerDescription(
        name: "mgs", summary: "the k-subset of the candidates with the largest Gram-Schmidt residuals", defaultM: 10, scored: false)

    public static let subsetCap = 200_000

    public static func check(m: Int, k: Int) throws { try checkSubsetCount(m: m, k: k) }

    public static func rerank(_ c: ExemplarCandidates, k: Int, options: ExemplarOptions, control: SelectionControl) throws -> ExemplarReranking {
        try rerank(c, k: k, control: control)
    }

    /// C(n, k), or `nil` once it exceeds `cap` (no overflow on the way).
    public static func subsetCount(_ n: Int, _ k: Int, cap: Int = subsetCap) -> Int? {
        guard k >= 0, k <= n else { return 0 }
        let kk = min(k, n - k)
        var c = 1
        for i in 0..<kk {
            c = c * (n - i) / (i + 1)
            if c > cap { return nil }
        }
        return c
    }

    /// Throws `too_many_subsets` when C(m, k) exceeds the cap.
    public static func checkSubsetCount(m: Int, k: Int) throws {
        guard subsetCount(m, k) != nil else {
            throw SelectionError(.tooManySubsets, "mgs would score C(\(m), \(k)) > \(subsetCap) subsets; lower m or k", parameter: "m")
        }
    }

    public static func rerank(_ c: ExemplarCandidates, k: Int, control: SelectionControl = .none) throws -> ExemplarReranking {
        try checkSubsetCount(m: c.count, k: k)
        guard k > 0 else { return ExemplarReranking(positions: [], scores: nil, diagnostics: []) }
        var walk = Walk(candidates: c, k: k, control: control)
        try walk.visit(depth: 0, from: 0, runningMax: -Double.infinity)
        return ExemplarReranking(positions: walk.best, scores: nil, diagnostics: [.init("mgs_subset_score", .double(walk.bestScore))])
    }

    /// The depth-first state: the current prefix, its orthonormal basis, and the best subset so far.
    struct Walk {
        let candidates: ExemplarCandidates
        let k: Int
        let control: SelectionControl
        var prefix: [Int] = []
        /// Basis vectors of the prefix, `basisCount x dim`; slot `depth` is written at that depth.
        var basis: [Double]
        var basisCount = 0
        var best: [Int] = []
        var bestScore = -Double.infinity
        var leaves = 0

        init(candidates: ExemplarCandidates, k: Int, control: SelectionControl) {
            self.candidates = candidates
            self.k = k
            self.control = control
            basis = [Double](repeating: 0, count: k * candidates.dim)
        }

        mutating func visit(depth: Int, from start: Int, runningMax: Double) throws {
            let m = candidates.count
            guard depth < k else {
                leaves += 1
                if leaves % 1024 == 0 { try control.checkCancelled() }
                if runningMax > bestScore {
                    bestScore = runningMax
                    best = prefix
                }
                return
            }
            let savedCount = basisCount
            for p in start...(m - (k - depth)) {
                let (residual, vector) = residualOf(p)
                if residual > 0 {
                    let d = candidates.dim
                    for t in 0..<d { basis[basisCount * d + t] = vector[t] / residual }
                    basisCount += 1
                }
                prefix.append(p)
                try visit(depth: depth + 1, from: p + 1, runningMax: max(runningMax, residual))
                prefix.removeLast()
                basisCount = savedCount
            }
        }

        /// `c_p` minus its projections on the basis in insertion order (updated vector each
        /// time), and the norm of what is left.
        func residualOf(_ p: Int) -> (Double, [Double]) {
            let d = candidates.dim
            var v = candidates.row(p)
            basis.withUnsafeBufferPointer { bp in
                guard let bb = bp.baseAddress else { return }
                for b in 0..<basisCount {
                    let coefficient = v.withUnsafeBufferPointer { vp in ExemplarDot.double(vp.baseAddress!, bb + b * d, count: d) }
                    for t in 0..<d { v[t] -= coefficient * bb[b * d + t] }
                }
            }
            let norm = v.withUnsafeBufferPointer { vp in ExemplarDot.double(vp.baseAddress!, vp.baseAddress!, count: d) }
            return (norm.squareRoot(), v)
        }
    }
}
