import Foundation
import Selection
import Storage

extension SelectionJobExecutor {
    /// A method on the items' text (dsir): the pools resolved in one read snapshot, whose items
    /// the method reads block by block (rendered by their templates) in as many passes as it makes.
    /// When both pools hold the same feature, its vectors come along for the `quality` pass.
    func runOnTexts(_ selector: any Selector.Type, _ request: SelectionRequest, _ context: JobContext) throws -> SelectionJobOutcome {
        try database.read(mapped: false) { db -> SelectionJobOutcome in
            let plan = try TextSelectionPlan.resolve(request, in: db)
            let keys = try db.itemKeys(poolID: plan.pool.id)
            let interruption = ReadInterruption(connections: [db])
            var input = plan.input(db: db, interruption: interruption, blockRows: blockRows, workers: workers)
            // dsir's pass-1 spill goes next to the database, as uploads are staged: the disk with the data.
            input.texts?.spillDirectory = spillDirectory
            if let vectors = try plan.qualityVectors(request, in: db) {
                let sources: [any RowBlockSource] = vectors.checkpoints.map {
                    StoredRowBlockSource(db: db, interruption: interruption, checkpoint: $0, poolID: vectors.pool.id,
                                         rowCount: vectors.candidateCount, prefetch: prefetch)
                }
                input.checkpoints = vectors.input(sources: sources, blockRows: blockRows, workers: workers).checkpoints
            }
            let result = try context.whileInterruptible({ interruption.interrupt() }) {
                try runSelector(selector, request, input, context)
            }
            return SelectionJobOutcome(result: result, keys: keys, labels: [])
        }
    }

    /// The database's directory, or the system's temporary directory for an in-memory database.
    var spillDirectory: String { database.isInMemory ? NSTemporaryDirectory() : database.directory }
}
