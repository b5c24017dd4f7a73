/// Collects `fts5vocab` instance rows (term, row position), which FTS5 lists by term in byte order
/// and, within a term, by row, into an `ItemSearchIndex`. Any other order means the reading
/// assumption broke: it throws, and the caller scores with FTS5 instead.
struct ItemSearchIndexBuilder {
    private var terms: [[UInt8]: Int32] = [:]
    private var postingStart: [Int32] = []
    private var postingRows: [Int32] = []
    private var postingCounts: [Int32] = []
    /// Every token of a row counts in its length, including those too long to be queried.
    private var rowTokenCounts: [Int32]
    private var lastTerm: [UInt8]?
    private var lastRow: Int32 = -1
    /// Whether the current term is kept (queries drop tokens of 32768 bytes or more, where FTS5
    /// cuts them, possibly inside a character).
    private var kept = false

    init(rowCount: Int) { rowTokenCounts = [Int32](repeating: 0, count: rowCount) }

    mutating func add(term: UnsafeRawBufferPointer, row: Int32) throws {
        rowTokenCounts[Int(row)] += 1
        if let last = lastTerm, last.elementsEqual(term) {
            guard row >= lastRow else { throw Database.ItemSearchIndexUnavailable(reason: "fts5vocab rows of a term out of row order") }
            if kept {
                if row == lastRow { postingCounts[postingCounts.count - 1] += 1 } else { appendPosting(row) }
            }
            lastRow = row
            return
        }
        let bytes = [UInt8](term)
        if let last = lastTerm, !last.lexicographicallyPrecedes(bytes) {
            throw Database.ItemSearchIndexUnavailable(reason: "fts5vocab terms out of byte order")
        }
        lastTerm = bytes
        lastRow = row
        kept = bytes.count < QueryTokenizer.tokenByteLimit
        guard kept else { return }
        terms[bytes] = Int32(terms.count)
        postingStart.append(Int32(postingRows.count))
        appendPosting(row)
    }

    private mutating func appendPosting(_ row: Int32) {
        postingRows.append(row)
        postingCounts.append(1)
    }

    func index(poolID: Int64, rowIDs: [Int64]) -> ItemSearchIndex {
        ItemSearchIndex(poolID: poolID, rowIDs: rowIDs, terms: terms, postingStart: postingStart + [Int32(postingRows.count)],
                        postingRows: postingRows, postingCounts: postingCounts, rowTokenCounts: rowTokenCounts)
    }
}
