import Foundation
import JSON
import Providers
import Selection
import Storage

/// Fills a feature's `default` checkpoint with the embeddings of every item that has no row yet,
/// 64 items per batch, each batch committed on its own: a job interrupted by a restart resumes
/// where it stopped (rows already written are kept), and a cancel takes effect between batches.
/// Up to `concurrency` batches are sent to the embedder at once (a wave); a wave's batches are
/// written in item order, and a failed batch stops the job after the batches before it.
struct EmbedJobExecutor: JobExecutor {
    let kind = JobKind.embed
    let database: DatabasePool
    let embedder: any Embedder
    let cache: PoolMatrixCache
    /// Batches in flight at once (`SHORTLIST_EMBED_CONCURRENCY`).
    var concurrency = 4

    func run(_ context: JobContext) throws -> JobCompletion {
        let request = try EmbedJobRequest.parse(stored: context.job.request)
        let target = try database.write { db in try prepareFeature(db, request) }
        cache.invalidate(pool: request.pool) // a new feature changes how requests without `feature` resolve
        let pending = try database.read { db in try itemsWithoutRow(db, target) }
        context.progress(stage: "embedding", done: 0, total: pending.count)
        var checkpoint = target.checkpoint
        let batches = stride(from: 0, to: pending.count, by: EmbedJobRequest.batchSize).map {
            Array(pending[$0..<min($0 + EmbedJobRequest.batchSize, pending.count)])
        }
        var done = 0
        for waveStart in stride(from: 0, to: batches.count, by: max(1, concurrency)) {
            try context.checkCancelled()
            let wave = Array(batches[waveStart..<min(waveStart + max(1, concurrency), batches.count)])
            let embedded = embedConcurrently(wave.map { $0.map(request.template.render) })
            for (batch, vectors) in zip(wave, embedded) {
                let vectors = try vectors.get()
                checkpoint = try database.write { db in
                    try write(db, vectors: vectors, items: batch, feature: target.feature, checkpoint: checkpoint)
                }
                cache.invalidate(pool: request.pool)
                done += batch.count
                context.progress(stage: "embedding", done: done, total: pending.count)
            }
        }
        let diagnostics: JSON.JSONValue = .object([
            "embedded": .int(pending.count), "kept": .int(target.existingRows), "embedder": .string(embedder.name),
            "model": ResourceJSON.optional(embedder.model), "dim": checkpoint.map { .int($0.dim) } ?? .null,
        ])
        return JobCompletion(diagnostics: String(decoding: JSONWriter.encode(diagnostics), as: UTF8.self))
    }

    struct Target {
        let pool: PoolRecord
        let feature: FeatureRecord
        let checkpoint: CheckpointRecord?
        let existingRows: Int
    }

    /// Creates the feature if needed and records this embedder on it. A feature whose rows came
    /// from another embedder (or were uploaded) is a conflict: mixing vector spaces is never useful.
    func prepareFeature(_ db: Database, _ request: EmbedJobRequest) throws -> Target {
        guard let pool = try db.pool(named: request.pool) else { throw StorageError.notFound("pool '\(request.pool)'") }
        let feature = try db.featureOrCreate(poolID: pool.id, name: request.feature, embedder: embedder.name, model: embedder.model)
        let checkpoint = try db.checkpoint(featureID: feature.id, label: EmbedJobRequest.checkpoint)
        let rows = try checkpoint.map { try db.featureRowCount(checkpointID: $0.id) } ?? 0
        try Self.checkCompatible(feature: feature, rows: rows, embedder: embedder)
        if let checkpoint, let dim = embedder.dimension, checkpoint.dim != dim {
            throw APIError.conflict("checkpoint default of feature '\(feature.name)' has dim \(checkpoint.dim), the embedder gives \(dim)",
                                    param: "name", code: "shape_mismatch")
        }
        try db.setFeatureEmbedder(featureID: feature.id, embedder: embedder.name, model: embedder.model)
        return Target(pool: pool, feature: feature, checkpoint: checkpoint, existingRows: rows)
    }

    static func checkCompatible(feature: FeatureRecord, rows: Int, embedder: any Embedder) throws {
        guard rows > 0 || feature.embedder != nil else { return }
        guard feature.embedder == embedder.name, feature.model == embedder.model else {
            let source = feature.embedder.map { "embedder \($0)\(feature.model.map { " (\($0))" } ?? "")" } ?? "uploaded vectors"
            throw APIError.conflict("feature '\(feature.name)' holds \(source); delete it or embed into another feature", param: "name")
        }
    }

    func itemsWithoutRow(_ db: Database, _ target: Target) throws -> [ItemRecord] {
        let done = Set(try target.checkpoint.map { cp in
            try db.fetchAll("SELECT item_id FROM feature_rows WHERE checkpoint_id = ?", [.integer(cp.id)]) { $0.int64(at: 0) }
        } ?? [])
        var pending: [ItemRecord] = []
        try db.forEachItem(poolID: target.pool.id) { item in
            if !done.contains(item.rowID) { pending.append(item) }
        }
        return pending
    }

    /// Embeds every batch, each on its own thread (never Dispatch's pool: a call may block until
    /// the provider timeout), and returns the outcomes in batch order.
    func embedConcurrently(_ batches: [[String]]) -> [Result<[[Float]], any Error>] {
        guard batches.count > 1 else { return batches.map { texts in Result { try embed(texts) } } }
        let outcomes = Locked([Result<[[Float]], any Error>?](repeating: nil, count: batches.count))
        let finished = DispatchGroup()
        for (index, texts) in batches.enumerated() {
            finished.enter()
            let thread = Thread {
                let outcome = Result { try embed(texts) }
                outcomes.withLock { $0[index] = outcome }
                finished.leave()
            }
            thread.name = "shortlist-embed-\(index)"
            thread.start()
        }
        finished.wait()
        return outcomes.withLock { $0.map { $0! } }
    }

    func embed(_ texts: [String]) throws -> [[Float]] {
        let vectors: [[Float]]
        do {
            vectors = try embedder.embed(texts).vectors
        } catch {
            throw APIError.provider(error, what: "embedder")
        }
        guard vectors.count == texts.count else {
            throw APIError(status: 502, type: "upstream_error", message: "the embedder returned \(vectors.count) vectors for \(texts.count) texts")
        }
        for v in vectors where v.isEmpty || !v.allSatisfy(\.isFinite) {
            throw APIError(status: 502, type: "upstream_error", message: "the embedder returned an empty or non-finite vector")
        }
        return vectors
    }

    /// One batch in one transaction; creates the checkpoint with the first batch's dim.
    func write(_ db: Database, vectors: [[Float]], items: [ItemRecord], feature: FeatureRecord,
               checkpoint: CheckpointRecord?) throws -> CheckpointRecord? {
        guard let first = vectors.first else { return checkpoint }
        let cp = try checkpoint ?? db.checkpoint(featureID: feature.id, label: EmbedJobRequest.checkpoint)
            ?? db.createCheckpoint(featureID: feature.id, label: EmbedJobRequest.checkpoint, dim: first.count)
        let writer = try FeatureRowWriter(db: db, checkpoint: cp, mode: .upsert)
        for (item, vector) in zip(items, vectors) {
            guard vector.count == cp.dim else {
                writer.rollback()
                throw APIError(status: 502, type: "upstream_error", code: "shape_mismatch",
                               message: "the embedder returned a vector of dim \(vector.count); checkpoint default has dim \(cp.dim)")
            }
            try writer.append(itemRowID: item.rowID, vector: vector)
        }
        try writer.commit()
        return cp
    }
}
