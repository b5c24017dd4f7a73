import LinearAlgebra

extension GISTSelector {
    /// The plan of every checkpoint of a sharded GIST run: its subspace from `targets` (the raw
    /// validation rows of each checkpoint, labelled for errors) under `parameters`, as `select`
    /// computes it. Throws what `select` throws for the same parameters and targets.
    public static func shardPlans(targets: [(label: String, rows: Matrix)], parameters: Parameters) throws -> [GISTShardPlan] {
        try parameters.rejectUnknown(allowed: allowedParameters)
        let options = try parseOptions(parameters)
        let groups = try options.targetMode.groups(targetCount: targets.first?.rows.rows ?? 0)
        return try targets.map { checkpoint in
            let subspace = try GISTSubspace(targets: checkpoint.rows, maxRank: options.rank, energy: options.energy, checkpoint: checkpoint.label)
            return try GISTShardPlan(basis: subspace.floatBasis, unitTargets: unitTargets(subspace, groups: groups).unit)
        }
    }

    /// Every candidate's score from a sharded run's map outputs, read in blocks of rows with every
    /// checkpoint's cosines (`GISTMappedRows`): per row, `w_t cos_t` added onto zeros checkpoint by
    /// checkpoint, then the max over the valid targets, the operations `accumulateCosines` and
    /// `bestScores` apply to the same numbers. Holds one block's sums, never N x C.
    static func mappedScores(_ rows: any GISTMappedRows, weights: [Double], groupCount: Int, valid: [Int], n: Int) throws -> [Double] {
        var scores = [Double](repeating: -.infinity, count: n)
        var covered = 0
        try rows.forEachBlock { start, count, cosines in
            guard start == covered, start + count <= n, cosines.count == weights.count, cosines.allSatisfy({ $0.count == count * groupCount }) else {
                throw SelectionError(.shapeMismatch, "a GIST block of rows \(start)..<\(start + count) does not continue row \(covered) of \(n) with \(weights.count) checkpoints x \(groupCount) targets", parameter: "candidates")
            }
            var similarity = [Double](repeating: 0, count: count * groupCount)
            for (t, weight) in weights.enumerated() {
                for x in similarity.indices { similarity[x] += weight * cosines[t][x] }
            }
            for r in 0..<count {
                scores[start + r] = valid.reduce(-Double.infinity) { max($0, similarity[r * groupCount + $1]) }
            }
            covered += count
        }
        guard covered == n else { throw SelectionError(.shapeMismatch, "the GIST blocks cover \(covered) of \(n) candidates", parameter: "candidates") }
        return scores
    }
}
