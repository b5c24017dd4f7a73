import Selection
import Storage

extension SelectionJobExecutor {
    /// A method on the items' text (dsir): the pools resolved in one read snapshot, whose items
    /// the method reads block by block (rendered by their templates) in as many passes as it makes.
    func runOnTexts(_ selector: any Selector.Type, _ request: SelectionRequest, _ context: JobContext) throws -> SelectionJobOutcome {
        try database.read(mapped: false) { db -> SelectionJobOutcome in
            let plan = try TextSelectionPlan.resolve(request, in: db)
            let keys = try db.itemKeys(poolID: plan.pool.id)
            let interruption = ReadInterruption(connections: [db])
            let result = try context.whileInterruptible({ interruption.interrupt() }) {
                try runSelector(selector, request, plan.input(db: db, interruption: interruption, blockRows: blockRows, workers: workers), context)
            }
            return SelectionJobOutcome(result: result, keys: keys, labels: [])
        }
    }
}
