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

    /// `accumulateCosines` from a sharded run's map steps: one checkpoint's shards (covering
    /// `0..<n` without gaps, in any order), each row's cosines placed by global index, a repeated
    /// row (fingerprints in global row order, so its first occurrence may lie in an earlier shard)
    /// given its first occurrence's, then `weight * cos` added: the same operations on the same
    /// numbers as the local pass.
    static func accumulateMapped(_ shards: [GISTShardCosines], groupCount: Int, weight: Double, into similarity: inout [Double]) throws {
        let n = similarity.count / max(1, groupCount)
        let ordered = shards.sorted { $0.rowOffset < $1.rowOffset }
        var repeats = RowRepeats()
        var next = 0
        for shard in ordered {
            guard shard.rowOffset == next, shard.groupCount == groupCount, next + shard.rowCount <= n else {
                throw SelectionError(.shapeMismatch, "a GIST shard of \(shard.rowCount) rows x \(shard.groupCount) targets at row \(shard.rowOffset) does not continue row \(next) of \(n) x \(groupCount) targets", parameter: "candidates")
            }
            for j in 0..<shard.rowCount {
                repeats.record(RowFingerprint(high: shard.fingerprints[2 * j], low: shard.fingerprints[2 * j + 1]), row: next + j)
            }
            next += shard.rowCount
        }
        guard next == n else { throw SelectionError(.shapeMismatch, "the GIST shards cover \(next) of \(n) candidates", parameter: "candidates") }
        var firstOf: [Int: Int] = [:]
        for (row, first) in repeats.pairs { firstOf[row] = first }
        // The cosines of every first occurrence that has repeats, kept until its repeats are added.
        let kept = Set(firstOf.values)
        var keptCosines: [Int: [Double]] = [:]
        similarity.withUnsafeMutableBufferPointer { sim in
            for shard in ordered {
                shard.cosines.withUnsafeBufferPointer { cos in
                    for j in 0..<shard.rowCount {
                        let row = shard.rowOffset + j
                        let own = cos.baseAddress! + j * groupCount
                        if let first = firstOf[row] {
                            // first < row, and the rows are visited in order.
                            guard let copied = keptCosines[first] else { preconditionFailure("row \(row) repeats row \(first), not yet visited") }
                            copied.withUnsafeBufferPointer {
                                addScaled($0.baseAddress!, weight: weight, into: sim.baseAddress! + row * groupCount, width: groupCount)
                            }
                            continue
                        }
                        if kept.contains(row) { keptCosines[row] = Array(UnsafeBufferPointer(start: own, count: groupCount)) }
                        addScaled(own, weight: weight, into: sim.baseAddress! + row * groupCount, width: groupCount)
                    }
                }
            }
        }
    }
}
