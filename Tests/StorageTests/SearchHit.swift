/// One item a search matched, with its score (`-bm25`), compared bit for bit.
struct SearchHit: Equatable {
    let rowID: Int64
    let score: Double
}
