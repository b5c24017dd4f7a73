/// One streamed pass of dsir over a text source (dsir.md §8): blocks of `blockRows` texts are read
/// in index order, each block's texts are cut into fixed chunks that the selection's threads take
/// as tasks. `body` must make its output depend only on the text's index (per-index slots, or
/// integer sums per worker), so neither the block size nor the thread count changes a result.
enum DSIRStream {
    /// Texts per task: enough to amortise a task's hand-off, few enough to spread a block.
    static let chunkTexts = 64

    static func forEach(
        _ source: any TextSource, blockRows: Int, pool: WorkerPool, control: SelectionControl, stage: String,
        _ body: (_ index: Int, _ text: String, _ worker: Int) throws -> Void,
        afterBlock: (_ block: Range<Int>) throws -> Void = { _ in }
    ) throws {
        try forEachChunk(source, blockRows: blockRows, pool: pool, control: control, stage: stage) { block, _, chunk, texts, worker in
            for j in chunk { try body(block.lowerBound + j, texts[j], worker) }
        } afterBlock: { block, _ in
            try afterBlock(block)
        }
    }

    /// The same pass by chunk: `body` gets the block, the chunk's task number and its range of
    /// positions in the block's `texts`; `afterBlock` gets the block and its chunk count.
    static func forEachChunk(
        _ source: any TextSource, blockRows: Int, pool: WorkerPool, control: SelectionControl, stage: String,
        _ body: (_ block: Range<Int>, _ task: Int, _ chunk: Range<Int>, _ texts: [String], _ worker: Int) throws -> Void,
        afterBlock: (_ block: Range<Int>, _ chunkCount: Int) throws -> Void
    ) throws {
        let total = source.count
        var done = 0
        control.progress(stage, 0, total)
        for block in WorkerPool.ranges(total, size: blockRows) {
            try control.checkCancelled()
            let texts = try source.texts(block)
            precondition(texts.count == block.count, "a text source returned \(texts.count) texts for \(block.count) indices")
            let chunks = WorkerPool.ranges(texts.count, size: chunkTexts)
            try pool.forEach(chunks.count) { task, worker in try body(block, task, chunks[task], texts, worker) }
            try afterBlock(block, chunks.count)
            done += block.count
            control.progress(stage, done, total)
        }
    }
}
