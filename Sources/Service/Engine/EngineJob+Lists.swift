import Foundation
import JSON
import Selection

extension EngineJob {
    /// How a method whose reduce reads only per-target top lists (`TopListSelector`) runs its
    /// maps: one list map step per row range (every checkpoint's rows of it), ranking lists of
    /// `length` to start with.
    struct ListPlan: Equatable {
        let length: Int
        let byDistance: Bool
        let ranges: [Range<Int>]
    }

    /// The method's selector when its reduce reads only top lists (round_robin, knn_uniform with targets).
    var topListSelector: (any TopListSelector.Type)? {
        targetCount > 0 ? SelectionEngine.selector(named: method) as? any TopListSelector.Type : nil
    }

    /// The list plan, nil for a method that needs S's tiles. The row ranges are the pieces that
    /// every checkpoint's shard boundaries cut the pool into (tile boundaries of the local pass,
    /// so that each piece's cosines have the local job's bits), each cut again into at most
    /// `maxRangeRows` rows (a multiple of the tile rows) when given.
    func listPlan(maxRangeRows: Int? = nil) throws -> ListPlan? {
        guard let selector = topListSelector else { return nil }
        let request = try SelectionRequest.parse(self.request)
        let length = try selector.initialListLength(budget: request.budget, parameters: request.parameters, targetCount: targetCount,
                                                    candidateCount: candidateCount)
        var cuts: Set<Int> = [0, candidateCount]
        for t in checkpoints.indices {
            for shard in try EngineMap.manifest(self, checkpoint: t).shards { cuts.insert(shard.rowOffset) }
        }
        let tile = ShardCosines.tileRows(candidateCount: candidateCount)
        if let cap = maxRangeRows, cap <= 0 || cap % tile != 0 { throw EngineError("row ranges of \(cap) rows do not lie on tiles of \(tile) rows") }
        let sorted = cuts.sorted()
        var ranges: [Range<Int>] = []
        for (lo, hi) in zip(sorted, sorted.dropFirst()) {
            let step = maxRangeRows ?? (hi - lo)
            for start in stride(from: lo, to: hi, by: step) { ranges.append(start..<min(start + step, hi)) }
        }
        return ListPlan(length: length, byDistance: selector.ranksByDistance, ranges: ranges)
    }

    /// `listPlan` as `shortlist engine lists` prints it: `{"length": L, "ranges": [[lo, hi], ...]}`, or null.
    public func listPlanJSON() throws -> JSONValue {
        guard let plan = try listPlan() else { return .null }
        return .object(["length": .int(plan.length), "ranges": .array(plan.ranges.map { .array([.int($0.lowerBound), .int($0.upperBound)]) })])
    }

    /// The selection input of the reduce: the checkpoints' shapes, weights and targets, without
    /// their rows (`validate()` gives the normalised weights the local pass sums with).
    func selectionInput(workers: Int = 1) throws -> SelectionInput {
        let parts = try checkpoints.enumerated().map { t, checkpoint in
            SelectionCheckpoint(label: checkpoint.label, weight: checkpoint.weight,
                                candidates: ShapeOnlyRowSource(rowCount: candidateCount, dim: checkpoint.dim), targets: try targets(t))
        }
        return SelectionInput(checkpoints: parts, workers: workers)
    }
}
