import Foundation
import JSON
import Selection
import Storage

/// `shortlist engine reduce`: the global steps of a sharded run on the driver. round_robin and
/// knn_uniform merge the per-target top lists their list map steps ranked (`MappedTopLists`,
/// unless the run fell back to tiles); less (doubly_greedy, mean_topk) and, after a fallback,
/// round_robin and knn_uniform read S from the map outputs in column blocks
/// (`MappedSimilarityColumns`, `ColumnSelector`) and hold per-target lists or per-candidate
/// scores, never M x N; so do gist and random, whose S serves only `quality` (gist also reads
/// its maps' cosines in each checkpoint's subspace), and uot, whose Sinkhorn rounds and quality
/// ran before in the block processes (`EngineSinkhorn`, the local job's sums in its order) and
/// whose masses it ranks. So the ordering, scores and tie-breaks are the local job's. The result is written
/// as the job result's CSV.
public enum EngineReduce {
    /// The selection and the item keys its indices refer to.
    static func outcome(_ job: EngineJob, maps: URL, workers: Int = 1) throws -> SelectionJobOutcome {
        let request = try SelectionRequest.parse(job.request)
        guard let selector = SelectionEngine.selector(named: request.method), EngineJob.supportedMethods.contains(request.method) else {
            throw EngineError("method \(request.method) has no sharded run")
        }
        let manifests = try job.checkpoints.map { try ShardManifest.read($0.manifest) }
        guard let itemIDs = manifests.first?.itemIDs, manifests.allSatisfy({ $0.itemIDs == itemIDs && $0.rows == job.candidateCount }) else {
            throw EngineError("the checkpoints' manifests disagree on the items: export again")
        }
        let input = try job.selectionInput(workers: workers)
        let result = try select(selector, request, input: input, job: job, maps: maps, shardCounts: manifests.map(\.shards.count))
        let keys = itemIDs.enumerated().map { ItemKey(rowID: Int64($0.offset), extID: $0.element, index: $0.offset) }
        return SelectionJobOutcome(result: result, keys: keys, labels: job.checkpoints.map(\.label))
    }

    /// The method's global steps on the map outputs, none holding M x N: the column selectors read
    /// S in blocks (`MappedSimilarityColumns`), uot ranks the masses of its Sinkhorn rounds
    /// (`EngineSinkhorn`), gist adds its own mapped cosines, and
    /// every `quality` figure comes from one more pass over the blocks.
    private static func select(
        _ selector: any Selector.Type, _ request: SelectionRequest, input: SelectionInput, job: EngineJob, maps: URL, shardCounts: [Int]
    ) throws -> SelectionResult {
        var input = input
        guard job.mapsSimilarity else {
            // random without targets: the maps only checked the rows.
            for t in job.checkpoints.indices {
                for s in 0..<shardCounts[t] { _ = try EngineMap.read(maps, checkpoint: t, shard: s, similarity: false) }
            }
            input.mapped = MappedCandidates(similarity: nil)
            return try selector.selectAndMeasure(input, budget: request.budget, parameters: request.parameters, seed: request.effectiveSeed, control: .none)
        }
        let weights = try input.validate()
        if let listSelector = selector as? any TopListSelector.Type, !EngineMap.isPresent(maps), MappedTopLists.isPresent(maps) {
            // The maps ranked per-target lists: the driver's check made them deep enough.
            let lists = try MappedTopLists.load(job, maps: maps, byDistance: listSelector.ranksByDistance)
            return try listSelector.selectAndMeasure(columns: lists, budget: request.budget, parameters: request.parameters, control: .none)
        }
        if request.method == "uot" {
            // The block processes ran the Sinkhorn rounds and measured quality (`EngineSinkhorn`); no tiles were mapped.
            return try EngineSinkhorn.result(job, budget: request.budget, maps: maps)
        }
        let columns = try MappedSimilarityColumns(job: job, maps: maps, shardCounts: shardCounts, weights: weights)
        if let columnSelector = selector as? any ColumnSelector.Type {
            return try columnSelector.selectAndMeasure(columns: columns, budget: request.budget, parameters: request.parameters, control: .none)
        }
        // gist (its maps' cosines in each subspace) and random with targets (S only for quality).
        let gist = request.method == "gist" ? try MappedGISTRows(job: job, maps: maps, shardCounts: shardCounts) : nil
        input.mapped = MappedCandidates(similarity: nil, gistRows: gist)
        var result = try selector.select(input, budget: request.budget, parameters: request.parameters, seed: request.effectiveSeed, control: .none)
        result.setQuality(try SelectionQuality.measure(columns: columns, order: result.order))
        return result
    }

    /// `shortlist engine check`: after a round of list map steps, what the driver does next (`MappedTopLists.check`).
    public static func checkLists(_ job: EngineJob, maps: URL) throws -> JSONValue {
        try MappedTopLists.check(job, maps: maps)
    }

    /// The ordering as `GET /v1/jobs/{id}/result?format=csv` writes it (header included).
    public static func csv(_ job: EngineJob, maps: URL, workers: Int = 1) throws -> [UInt8] {
        let outcome = try outcome(job, maps: maps, workers: workers)
        var out = Array(SelectionResultEncoding.csvHeader.utf8)
        for row in try outcome.rows(0..<outcome.result.order.count) { SelectionResultEncoding.appendCSV(row, into: &out) }
        return out
    }
}
