import JSON
import LinearAlgebra

extension TAROTSelector {
    /// `otm` (tarot.md §6): per fold, grow the proposers' neighbour sets layer by layer while the
    /// Sinkhorn cost to the held-out targets improves; the union of the fold bests is selected.
    /// Folds are independent: one task per fold on `pool`, combined in fold order afterwards.
    static func optimalTransportMode(
        features: TAROTFeatures, neighbours: TAROTNeighbours, kFolds: Int, seed: UInt64, pool: WorkerPool,
        control: SelectionControl
    ) throws -> TAROTOutcome {
        let m = features.m
        let folds = SplitMix64.kfold(m, folds: kFolds, seed: seed)
        var union = [Bool](repeating: false, count: features.n)
        var foldReports: [JSONValue] = []
        let progress = ProgressCounter(control, stage: "tarot_folds", total: folds.count)
        control.progress("tarot_folds", 0, folds.count)
        let roles = folds.map { fold in
            (proposers: folds.count == 1 ? Array(0..<m) : fold,
             evaluators: folds.count == 1 ? Array(0..<m) : (0..<m).filter { !fold.contains($0) })
        }
        let results = try pool.map(folds.count) { index, _ -> FoldResult in
            let result = try evaluateFold(
                proposers: roles[index].proposers, evaluators: roles[index].evaluators, features: features,
                neighbours: neighbours, control: control)
            progress.add(1)
            return result
        }
        for (proposers, result) in zip(roles.map(\.proposers), results) {
            for i in result.best { union[i] = true }
            foldReports.append(.object([
                .init("proposers", .ints(proposers)),
                .init("best_k", .int(result.bestK)),
                .init("best_cost", result.bestCost.map { .double($0) } ?? .null),
                .init("n_fold_selected", .int(result.best.count)),
                .init("curve", .array(result.curve.map { $0.map { .double($0) } ?? .null })),
            ]))
        }
        let selected = union.indices.filter { union[$0] }
        let warnings = selected.isEmpty ? ["no candidate has a positive whitened cosine with any proposing target"] : []
        return TAROTOutcome(selected: selected, diagnostics: [.init("folds", .array(foldReports))], warnings: warnings)
    }

    struct FoldResult {
        var best: [Int] = []
        var bestK = 0
        var bestCost: Double?
        var curve: [Double?] = []
    }

    static func evaluateFold(
        proposers: [Int], evaluators: [Int], features: TAROTFeatures, neighbours: TAROTNeighbours, control: SelectionControl
    ) throws -> FoldResult {
        var result = FoldResult()
        var proposed = [Bool](repeating: false, count: features.n)
        var members: [Int] = []
        for k in 1...max(1, neighbours.depth) where k <= neighbours.depth {
            try control.checkCancelled()
            // Layer k - 1 joins the proposal: only candidates with a positive whitened cosine.
            for j in proposers {
                let i = neighbours.neighbour(layer: k - 1, target: j)
                if features.score(candidate: i, target: j) > 0 && !proposed[i] {
                    proposed[i] = true
                    members.append(i)
                }
            }
            if members.isEmpty {
                result.curve.append(nil)
                continue
            }
            members.sort()
            let cost = sinkhorn(features, candidates: members, targets: evaluators).cost
            result.curve.append(cost)
            guard cost < (result.bestCost ?? .infinity) else { break }
            result.bestCost = cost
            result.best = members
            result.bestK = k
        }
        return result
    }
}
