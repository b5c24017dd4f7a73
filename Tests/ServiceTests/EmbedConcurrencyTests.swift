import Foundation
import Providers
import Storage
import Testing
import TestSupport
@testable import Service

/// An embed job keeps up to `concurrency` batches in flight and still stores every item's own
/// vector; a failing batch stops the job after the batches before it were written.
@Suite struct EmbedConcurrencyTests {
    /// The hashing embedder counting how many calls overlap; each call waits (bounded) until
    /// `overlap` calls run at once, so overlap does not depend on timing; fails on a text
    /// containing `failOn`.
    final class ProbeEmbedder: Embedder, @unchecked Sendable {
        let name = "hashing-1024"
        let model: String? = nil
        let dimension: Int? = 1024
        let failOn: String?
        let overlap: Int
        private let lock = NSLock()
        private var inFlight = 0
        private(set) var mostInFlight = 0

        init(failOn: String? = nil, overlap: Int = 1) {
            self.failOn = failOn
            self.overlap = overlap
        }

        func embed(_ texts: [String]) throws -> EmbedResult {
            lock.lock()
            inFlight += 1
            mostInFlight = max(mostInFlight, inFlight)
            lock.unlock()
            defer { lock.lock(); inFlight -= 1; lock.unlock() }
            // A last batch may run alone: the bound only keeps it from waiting long.
            _ = eventually(within: 2) { lock.withLock { inFlight } >= overlap }
            if let failOn, texts.contains(where: { $0.contains(failOn) }) {
                throw ProviderError.unreachable(message: "probe failure")
            }
            return try HashingEmbedder().embed(texts)
        }
    }

    static func run(_ h: ServiceHarness, _ embedder: ProbeEmbedder, concurrency: Int) throws -> Result<JobCompletion, any Error> {
        // Claimed here, in the insert's write, so the service's own runner never picks it up.
        let job = try h.service.database.write { db -> JobRecord in
            _ = try db.insertJob(id: "j-\(concurrency)", kind: .embed, request: #"{"pool":"p","feature":"embedding","template":"{text}"}"#)
            return try #require(try db.claimNextQueuedJob())
        }
        let executor = EmbedJobExecutor(
            database: h.service.database, embedder: embedder, cache: h.service.poolMatrixCache, concurrency: concurrency)
        return Result { try executor.run(JobContext(job: job)) }
    }

    @Test(arguments: [1, 4])
    func batchesInFlight_StayWithinTheConcurrency_AndEveryItemGetsItsOwnVector(_ concurrency: Int) throws {
        let h = try ServiceHarness.make()
        let n = 64 * 9 + 5
        try ExemplarPoolSeeder.seed(h, items: (0..<n).map { ItemInput(extID: "i\($0)", text: "item \($0)") })
        let embedder = ProbeEmbedder(overlap: min(concurrency, 2))
        _ = try Self.run(h, embedder, concurrency: concurrency).get()
        #expect(embedder.mostInFlight <= concurrency)
        if concurrency > 1 { #expect(embedder.mostInFlight > 1) }
        let m = try ExemplarPoolSeeder.matrix(h)
        #expect(m.rows == n)
        for i in [0, 63, 64, 300, n - 1] {
            #expect(Array(m.values[(i * 1024)..<((i + 1) * 1024)]) == HashingEmbedder.vector("item \(i)"))
        }
    }

    @Test func aFailingBatch_StopsTheJob_AfterTheBatchesBeforeIt() throws {
        let h = try ServiceHarness.make()
        // Items 0..<320 are batches 0-4: batch 2 (items 128..<192) fails, in the first wave of 4.
        try ExemplarPoolSeeder.seed(h, items: (0..<320).map { ItemInput(extID: "i\($0)", text: $0 == 150 ? "bad \($0)" : "item \($0)") })
        let outcome = try Self.run(h, ProbeEmbedder(failOn: "bad"), concurrency: 4)
        #expect(throws: (any Error).self) { try outcome.get() }
        let rows = try ExemplarPoolSeeder.rowCount(h)
        #expect(rows == 128, "\(rows) rows written; \(outcome)")
    }
}
