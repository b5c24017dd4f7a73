import Foundation
import JSON

/// `dpp` (docs/methods/exemplars-lexical.md §4): the two-stage DPP retriever of OpenICL/OpenCompass
/// (after CEIL): a relevance-weighted kernel over the first-stage candidates, then Chen et al.'s
/// fast greedy MAP with their `epsilon = 1e-10` stop. The greedy set is reported by relevance;
/// when the kernel's rank stops the greedy early, first-stage order fills the rest.
public enum DPPReranker: ExemplarRerankerMethod {
    public static let method = RerankerDescription(
        name: "dpp", summary: "determinantal point process: greedy MAP on a relevance-weighted similarity kernel of the first stage",
        parameters: [
            MethodParameter(
                "scale_factor", .number, default: .double(0.1), range: "> 0",
                help: "Relevance temperature: small favours relevance, large tends to pure diversity."),
        ])

    /// Chen et al.'s stop: a candidate whose remaining gain is below this adds nothing.
    static let epsilon = 1e-10

    public static func rerank(_ c: ExemplarCandidates, k: Int, options: ExemplarOptions, control: SelectionControl) -> ExemplarReranking {
        rerank(c, k: k, scaleFactor: options.scaleFactor)
    }

    public static func rerank(_ c: ExemplarCandidates, k: Int, scaleFactor: Double) -> ExemplarReranking {
        let m = c.count
        let (cosines, kernel) = relevanceKernel(c, scaleFactor: scaleFactor)
        let greedy = greedyMAP(kernel, m: m, k: k)
        let picked = greedy.picks.sorted { cosines[$0] != cosines[$1] ? cosines[$0] > cosines[$1] : $0 < $1 }
        let chosen = Set(picked)
        let positions = picked + (0..<m).filter { !chosen.contains($0) }.prefix(k - picked.count)
        let warnings = greedy.picks.count < k
            ? ["dpp: greedy MAP stopped after \(greedy.picks.count) of \(k) picks (remaining gain < 1e-10); filled in first-stage order"] : []
        let dpp: JSONValue = .object([
            "n_greedy": .int(greedy.picks.count), "greedy_positions": .ints(greedy.picks), "gains": .doubles(greedy.gains),
        ])
        return ExemplarReranking(
            positions: positions, scores: positions.map { cosines[$0] }, diagnostics: [.init("dpp", dpp)], warnings: warnings)
    }

    /// `cos_j` and `L` (m x m, row-major): `L_ij = (r_i K_ij) r_j`, `K = (S + 1) / 2` with the
    /// cosine similarities `S` of the normalised candidates and an exact diagonal (1 for a
    /// non-zero row), `r_j = exp((rel_j - max rel) / (2 scale_factor))`, `rel = (cos + 1) / 2`.
    static func relevanceKernel(_ c: ExemplarCandidates, scaleFactor: Double) -> (cosines: [Double], kernel: [Double]) {
        let m = c.count, d = c.dim
        let norms = (0..<m).map { j in
            c.rowValues.withUnsafeBufferPointer { ExemplarDot.double($0.baseAddress! + j * d, $0.baseAddress! + j * d, count: d).squareRoot() }
        }
        // Block by block: no normalised float64 copy of a query as wide as a request body.
        let (cosines, similarity) = c.normalizedCosines()
        let relevance = cosines.map { ($0 + 1) / 2 }
        let top = relevance.max() ?? 0
        let r = relevance.map { exp(($0 - top) / (2 * scaleFactor)) }
        var kernel = [Double](repeating: 0, count: m * m)
        for i in 0..<m {
            for j in 0..<m {
                let s = i != j || norms[j] < 1e-12 ? similarity[i * m + j] : 1
                kernel[i * m + j] = (r[i] * ((s + 1) / 2)) * r[j]
            }
        }
        return (cosines, kernel)
    }

    /// Chen et al. (2018), `dpp()`: incremental Cholesky rows, the largest remaining gain
    /// (first maximal position), stopping when it falls below `epsilon`. The product of the
    /// gains is det(L) of the picks.
    static func greedyMAP(_ kernel: [Double], m: Int, k: Int) -> (picks: [Int], gains: [Double]) {
        guard k > 0, m > 0 else { return ([], []) }
        var d2 = (0..<m).map { kernel[$0 * m + $0] }
        var s = 0
        for j in 1..<max(m, 1) where d2[j] > d2[s] { s = j }
        var picks = [s], gains = [d2[s]]
        var picked = [Bool](repeating: false, count: m)
        picked[s] = true
        var rows: [[Double]] = []
        while picks.count < k {
            let scale = gains[gains.count - 1].squareRoot()
            var e = [Double](repeating: 0, count: m)
            for j in 0..<m {
                var sum = 0.0
                for t in 0..<rows.count { sum += rows[t][s] * rows[t][j] }
                e[j] = (kernel[s * m + j] - sum) / scale
            }
            rows.append(e)
            for j in 0..<m { d2[j] -= e[j] * e[j] }
            var best = -1
            for j in 0..<m where !picked[j] && (best < 0 || d2[j] > d2[best]) { best = j }
            guard best >= 0, d2[best] >= epsilon else { break }
            s = best
            picked[s] = true
            picks.append(s)
            gains.append(d2[s])
        }
        return (picks, gains)
    }
}
