import Foundation
import JSON
import Selection

/// `shortlist engine sinkhorn`: the coordinator of uot's Sinkhorn rounds in a sharded run (docs/scaling.md).
/// The kernel lives in the block processes (`EngineSinkhornBlock`, one per row range, kept by
/// the driver), never here: the coordinator plans the ranges, finds the repeated rows from the
/// blocks' fingerprints, then runs the local solver's loop (`UOTSolver.scalingLoop`, the same
/// rules) with each round one broadcast request (M-vectors `uPrev` and `u`) and one reply per
/// block (its flags, two maxima and M row block sums), merged in block order. The row blocks
/// are the local solver's, so the masses, `iterations` and `stop` are the local job's bit for
/// bit. Then it asks every block for the coverage figures of the selection on its S and merges
/// them as the local pass visits S (`quality`). It writes masses and figures into the maps
/// directory (`sinkhorn.npy`, `sinkhorn-quality.npy`, `sinkhorn.json`), where the reduce ranks
/// them (`EngineReduce`): a uot run maps no tiles.
public enum EngineSinkhorn {
    static let massFile = "sinkhorn.npy"
    static let doneFile = "sinkhorn.json"
    /// `quality`: coverage flag and value, relevance flag and value, nn_recall (float64, exact).
    static let qualityFile = "sinkhorn-quality.npy"

    /// The block processes' row ranges: the row blocks cut into at most `blocks` consecutive
    /// groups of nearly equal counts.
    static func ranges(_ job: EngineJob, blocks: Int) -> [Range<Int>] {
        let n = job.candidateCount
        let size = UOTSolver.rowBlockColumns(candidateCount: n)
        let count = (n + size - 1) / size
        let groups = max(1, min(blocks, count))
        return (0..<groups).map { g in (count * g / groups * size)..<min(n, count * (g + 1) / groups * size) }
    }

    /// The coordinator over its standard input and output (`ray/driver.py` at the other end).
    public static func run(_ job: EngineJob, maps: URL, blocks: Int) throws {
        var exchange = PipeExchange(input: 0, output: 1)
        try run(job, maps: maps, blocks: blocks, exchange: &exchange)
    }

    static func run(_ job: EngineJob, maps: URL, blocks: Int, exchange: inout some SinkhornExchange) throws {
        guard job.method == "uot", job.targetCount > 0 else { throw EngineError("method \(job.method) has no Sinkhorn rounds") }
        let (m, n) = (job.targetCount, job.candidateCount)
        let ranges = ranges(job, blocks: blocks)
        try exchange.send(.plan(ranges: ranges))
        var words = [[UInt64]](repeating: [], count: job.checkpoints.count)
        for range in ranges {
            guard case .hello(let prints) = try exchange.receive(), prints.count == 2 * words.count * range.count else {
                throw EngineError("the block of rows \(range.lowerBound)..<\(range.upperBound) did not send its fingerprints")
            }
            MappedTopLists.appendFingerprints(prints, rows: range.count, to: &words)
        }
        for repeats in MappedTopLists.repeatTriples(words, ranges: ranges) { try exchange.send(.load(repeats: repeats)) }
        let request = try SelectionRequest.parse(job.request)
        let solver = UOTSolver(parameters: try UOTParameters(request.parameters))
        let total = solver.parameters.maxIter
        var asked = 0
        /// One answer per block, in block order.
        func answers(_ request: SinkhornFrame) throws -> [SinkhornFrame] {
            try exchange.send(request)
            return try ranges.map { _ in try exchange.receive() }
        }
        let outcome = try solver.scalingLoop(
            m: m, n: n, control: .none,
            round: { uPrev, u in
                if u != nil {
                    if asked > 0 { try exchange.send(.progress(done: asked, total: total)) }
                    asked += 1
                }
                let replies = try zip(ranges, try answers(.round(uPrev: uPrev, u: u))).map { range, frame in
                    guard case .reply(let reply) = frame, reply.blockSums.count == m * reply.blockCount else {
                        throw EngineError("the block of rows \(range.lowerBound)..<\(range.upperBound) answered a round with \(frame.name)")
                    }
                    return reply
                }
                return UOTRoundReply.merged(replies, targets: m)
            },
            masses: { u, onesV in
                try zip(ranges, try answers(.masses(u: u, onesV: onesV))).flatMap { range, frame in
                    guard case .mass(let mass) = frame, mass.count == range.count else {
                        throw EngineError("the block of rows \(range.lowerBound)..<\(range.upperBound) answered the masses with \(frame.name)")
                    }
                    return mass
                }
            })
        // `quality` (coverage.md §4) on the blocks' S, of the selection the reduce will rank.
        let order = try UOTSelector.select(outcome, budget: request.budget).order
        let figures = try zip(ranges, try answers(.quality(selected: order))).map { range, frame in
            guard case .figures(let figures) = frame, figures.poolBest.count == m, figures.candidateBest.count == range.count else {
                throw EngineError("the block of rows \(range.lowerBound)..<\(range.upperBound) answered the quality with \(frame.name)")
            }
            return figures
        }
        let quality = SelectionQuality.measure(SelectionCoverage.merged(figures, firstColumns: ranges.map(\.lowerBound)), order: order)
        try EngineFiles.makeDirectory(maps)
        try EngineFiles.write(NPYArray.file(doubles: outcome.mass, rows: n, columns: 1), to: maps.appendingPathComponent(massFile))
        let figuresRow = [quality.coverage == nil ? 0 : 1, quality.coverage ?? 0, quality.relevance == nil ? 0 : 1, quality.relevance ?? 0, quality.nnRecall]
        try EngineFiles.write(NPYArray.file(doubles: figuresRow, rows: 1, columns: 5), to: maps.appendingPathComponent(qualityFile))
        let done: JSONValue = .object(["iterations": .int(outcome.iterations), "stop": .string(outcome.stop.rawValue), "blocks": .int(ranges.count)])
        try EngineFiles.write(JSONWriter.encode(done), to: maps.appendingPathComponent(doneFile))
        try exchange.send(.progress(done: outcome.iterations, total: total))
        try exchange.send(.end)
    }

    /// The result the coordinator's outcome gives: the masses ranked, with `quality`.
    static func result(_ job: EngineJob, budget: Budget?, maps: URL) throws -> SelectionResult {
        var result = try UOTSelector.select(try outcome(job, maps: maps), budget: budget)
        let figures = try NPYArray.read(maps.appendingPathComponent(qualityFile))
        let row = try figures.doubles()
        guard row.count == 5 else { throw EngineError("\(qualityFile) holds \(row.count) values, not 5") }
        result.setQuality(SelectionQuality(coverage: row[0] == 0 ? nil : row[1], relevance: row[2] == 0 ? nil : row[3], nnRecall: row[4]))
        return result
    }

    /// The outcome the coordinator wrote into `maps`.
    static func outcome(_ job: EngineJob, maps: URL) throws -> UOTSolver.Outcome {
        let url = maps.appendingPathComponent(doneFile)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw EngineError("\(maps.path) holds no Sinkhorn outcome: run the rounds first (shortlist engine sinkhorn)")
        }
        let done = try JSONParser.parse(try EngineFiles.read(url))
        guard let iterations = done["iterations"]?.intValue, let stop = done["stop"]?.stringValue.flatMap(UOTSolver.Stop.init(rawValue:)) else {
            throw EngineError("\(doneFile) lacks iterations or stop")
        }
        let mass = try NPYArray.read(maps.appendingPathComponent(massFile))
        guard mass.rows == job.candidateCount, mass.columns == 1 else { throw EngineError("\(massFile) holds \(mass.rows) x \(mass.columns), not \(job.candidateCount) x 1") }
        return UOTSolver.Outcome(mass: try mass.doubles(), iterations: iterations, stop: stop)
    }
}
