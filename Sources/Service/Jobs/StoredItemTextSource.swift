import Selection
import Storage

/// A pool's items rendered by a template, read from SQLite block by block in index order (the
/// row ids were fixed when the job started). Use it inside the job's read snapshot, on the
/// connection `db` that snapshot belongs to.
///
/// `@unchecked Sendable`: `db` is used by one thread at a time, the one running the method's
/// passes (dsir reads every block on the calling thread, then hands its texts to the workers).
final class StoredItemTextSource: TextSource, @unchecked Sendable {
    let db: Database
    let interruption: ReadInterruption?
    let poolID: Int64
    let rowIDs: [Int64]
    let template: EmbedJobTemplate

    init(db: Database, interruption: ReadInterruption?, poolID: Int64, rowIDs: [Int64], template: EmbedJobTemplate) {
        self.db = db
        self.interruption = interruption
        self.poolID = poolID
        self.rowIDs = rowIDs
        self.template = template
    }

    var count: Int { rowIDs.count }

    func texts(_ range: Range<Int>) throws -> [String] {
        guard let first = range.first, let last = range.last else { return [] }
        try interruption?.check()
        var out: [String] = []
        out.reserveCapacity(range.count)
        try db.forEachItem(poolID: poolID, rowIDs: rowIDs[first]...rowIDs[last], firstIndex: first) { out.append(template.render($0)) }
        guard out.count == range.count else {
            throw StorageError.corrupt("items \(first)..<\(range.upperBound) of pool \(poolID) changed inside the job's snapshot")
        }
        return out
    }
}
