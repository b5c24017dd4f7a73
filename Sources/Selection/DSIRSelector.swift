import Foundation
import JSON
import LinearAlgebra

/// `dsir` (dsir.md): importance resampling on the items' text. Each text becomes counts of hashed
/// n-grams (the hashing embedder's tokens and FNV-1a); bag-of-n-grams models of the targets and of
/// the candidate pool give every candidate a log importance weight, and the `k` candidates are
/// drawn without replacement in proportion to that weight (Gumbel top-k) or taken best first.
/// Two streamed passes over the candidates; nothing is kept per candidate but the `k` best.
public enum DSIRSelector: Selector {
    public static let method = MethodDescription(
        name: "dsir",
        summary: "candidates whose text looks like the targets' (importance resampling on hashed n-grams); no vectors needed",
        input: .texts,
        parameters: [
            MethodParameter("mode", .string, default: .string("sample"), range: "sample | top",
                            help: "sample: draws in proportion to the importance weight (Gumbel top-k); top: highest weight first."),
            MethodParameter("ngrams", .integer, default: .int(2), range: "1...3", help: "Longest n-gram hashed: 1 unigrams, 2 + bigrams, 3 + trigrams."),
            MethodParameter("num_buckets", .integer, default: .int(10000), range: "1...1048576", help: "Hash buckets of the n-gram models."),
            MethodParameter("smoothing", .number, default: .double(1.0), range: ">= 0",
                            help: "Pseudo-count added to every target bucket (0 is DSIR's code)."),
            MethodParameter("min_tokens", .integer, default: .int(1), range: ">= 0", help: "Candidates with fewer tokens are never selected."),
            MethodParameter("template", .string, default: .string("{question}\n{answer}"), range: "{question} {answer} {text}",
                            help: "Renders a candidate item's text ({{ and }} are literal braces)."),
            MethodParameter("target_template", .string, default: nil, range: "{question} {answer} {text}",
                            help: "Renders a target pool's items; default: template. Not with inline target texts."),
        ],
        defaultSeed: 0,
        diagnostics: [
            ("mode", .scalar), ("target_features", .scalar), ("candidate_features", .scalar), ("eligible", .scalar),
            ("empty_candidates", .scalar), ("keys", .perCandidate),
        ])

    public enum Mode: String, Sendable { case sample, top }

    public static func select(
        _ input: SelectionInput, budget: Budget?, parameters: Parameters, seed: UInt64?, control: SelectionControl
    ) throws -> SelectionResult {
        let p = try DSIRParameters(parameters)
        guard let texts = input.texts else {
            throw SelectionError(.invalidParameter, "dsir selects on the items' text: name the candidates by pool", parameter: "candidates")
        }
        guard texts.candidates.count > 0 else { throw SelectionError(.emptyInput, "the candidate pool is empty", parameter: "candidates") }
        guard texts.targets.count > 0 else { throw SelectionError(.emptyInput, "there are no target texts", parameter: "targets") }
        let k = try SimilarityRequest.resolveBudget(budget, candidateCount: texts.candidates.count)
        let pool = input.makePool()
        let target = try DSIRHistogram.count(texts.targets, p, blockRows: input.blockRows, pool: pool, control: control, stage: "target")
        guard target.total > 0 else { throw SelectionError(.degenerateInput, "no target text has a token", parameter: "targets") }
        // Pass 1 spills each candidate's buckets so that pass 2 scores without tokenising again.
        let spill = texts.spillDirectory.flatMap { DSIRSpill(directory: $0) }
        let raw = try DSIRHistogram.count(texts.candidates, p, blockRows: input.blockRows, pool: pool, control: control, stage: "count",
                                          spill: spill)
        guard raw.total > 0 else { throw SelectionError(.degenerateInput, "no candidate text has a token", parameter: "candidates") }
        let logRatio = Self.logRatio(target: target, raw: raw, smoothing: p.smoothing)
        var warnings: [String] = []
        let used = min(k, raw.eligible)
        if used < k {
            warnings.append("k lowered from \(k) to \(used): only \(raw.eligible) candidates have at least \(p.minTokens) tokens")
        }
        let ranked = try rank(texts.candidates, p, logRatio: logRatio, k: used, seed: seed ?? method.defaultSeed ?? 0,
                              blockRows: input.blockRows, pool: pool, control: control, spill: spill)
        let order = ranked.map(\.index)
        return SelectionResult(
            order: order, scores: ranked.map(\.score.score),
            diagnostics: [
                JSONValue.Member("mode", .string(p.mode.rawValue)),
                JSONValue.Member("target_features", .int(Int(target.total))),
                JSONValue.Member("candidate_features", .int(Int(raw.total))),
                JSONValue.Member("eligible", .int(raw.eligible)),
                JSONValue.Member("empty_candidates", .int(raw.empty)),
                JSONValue.Member("keys", p.mode == .sample ? .doubles(ranked.map(\.score.key)) : .null),
            ],
            warnings: warnings)
    }

    /// `L[b] = log(p_t[b] + 1e-8) - log(p_r[b] + 1e-8)` (§5), one scalar `log` per bucket so that
    /// `L[b]` depends on `(c_t[b], c_r[b])` alone.
    static func logRatio(target: DSIRHistogram, raw: DSIRHistogram, smoothing alpha: Double) -> [Double] {
        let b = target.counts.count
        let targetMass = Double(target.total) + alpha * Double(b)
        let rawMass = Double(raw.total)
        return (0..<b).map { bucket in
            let pt = (Double(target.counts[bucket]) + alpha) / targetMass
            let pr = Double(raw.counts[bucket]) / rawMass
            return Foundation.log(pt + 1e-8) - Foundation.log(pr + 1e-8)
        }
    }

    /// Pass 2 (§7, §8): every eligible candidate's score (and key), the `k` best kept in a bounded
    /// heap, best first by (value desc, index asc). From the spill of pass 1 when it holds every
    /// candidate, else (no spill, or it failed) from the texts again: the same scores either way.
    static func rank(
        _ source: any TextSource, _ p: DSIRParameters, logRatio: [Double], k: Int, seed: UInt64,
        blockRows: Int, pool: WorkerPool, control: SelectionControl, spill: DSIRSpill? = nil
    ) throws -> [(score: DSIRRankValue, index: Int)] {
        if let spill, !spill.failed {
            do {
                return try rank(spill, count: source.count, p, logRatio: logRatio, k: k, seed: seed, blockRows: blockRows, pool: pool, control: control)
            } catch is DSIRSpill.ReadFailure {}
        }
        var best = TopKAccumulator<DSIRRankValue>(k: k)
        // Per-block slots written by the index's position in its block (blocks start at multiples
        // of `blockRows`), pushed in index order once the block's step is done.
        var slots = [DSIRRankValue?](repeating: nil, count: min(blockRows, source.count))
        try slots.withUnsafeMutableBufferPointer { out in
            try DSIRStream.forEach(source, blockRows: blockRows, pool: pool, control: control, stage: "score") { index, text, _ in
                let features = DSIRFeatures(text, ngrams: p.ngrams, numBuckets: p.numBuckets)
                let slot = index % out.count
                guard features.tokenCount >= p.minTokens else { out[slot] = nil; return }
                out[slot] = rankValue(score: features.score(logRatio), index: index, mode: p.mode, seed: seed)
            } afterBlock: { block in
                for j in 0..<block.count { if let value = out[j] { best.push(score: value, index: block.lowerBound + j) } }
            }
        }
        return best.sorted()
    }

    /// Pass 2 from the spill: the same blocks and chunks as pass 1 wrote, scored by the same threads.
    static func rank(
        _ spill: DSIRSpill, count total: Int, _ p: DSIRParameters, logRatio: [Double], k: Int, seed: UInt64,
        blockRows: Int, pool: WorkerPool, control: SelectionControl
    ) throws -> [(score: DSIRRankValue, index: Int)] {
        var best = TopKAccumulator<DSIRRankValue>(k: k)
        var slots = [DSIRRankValue?](repeating: nil, count: min(blockRows, total))
        spill.rewind()
        var done = 0
        control.progress("score", 0, total)
        try slots.withUnsafeMutableBufferPointer { out in
            try logRatio.withUnsafeBufferPointer { ratio in
                for block in WorkerPool.ranges(total, size: blockRows) {
                    try control.checkCancelled()
                    let chunks = WorkerPool.ranges(block.count, size: DSIRStream.chunkTexts)
                    let (words, starts) = try spill.readBlock(chunkCount: chunks.count)
                    words.withUnsafeBufferPointer { records in
                        try? pool.forEach(chunks.count) { task, _ in
                            var position = starts[task]
                            for j in chunks[task] {
                                let index = block.lowerBound + j
                                out[j] = DSIRSpill.score(records, at: &position, logRatio: ratio).map {
                                    rankValue(score: $0, index: index, mode: p.mode, seed: seed)
                                }
                            }
                        }
                    }
                    for j in 0..<block.count { if let value = out[j] { best.push(score: value, index: block.lowerBound + j) } }
                    done += block.count
                    control.progress("score", done, total)
                }
            }
        }
        return best.sorted()
    }

    /// What candidate `index` with score `score` ranks by (§7): the score, or score + its Gumbel draw.
    static func rankValue(score: Double, index: Int, mode: Mode, seed: UInt64) -> DSIRRankValue {
        DSIRRankValue(key: mode == .top ? score : score + gumbel(seed: seed, index: index), score: score)
    }

    /// The standard Gumbel draw of candidate `index` (§7): the `index`-th SplitMix64 output by
    /// jump-ahead, mapped exactly into (0, 1) so that neither log sees 0.
    static func gumbel(seed: UInt64, index: Int) -> Double {
        var g = SplitMix64(seed: seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        let x = g.next()
        let u = Double(2 &* (x >> 12) &+ 1) * 0x1p-53
        return -Foundation.log(-Foundation.log(u))
    }
}
