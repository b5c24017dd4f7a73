/// The texts of a text-based selection (`dsir`), read in blocks of consecutive indices. A method
/// may read the same source several times (dsir makes two passes); every read of one index gives
/// the same text, so the caller fixes its snapshot before the job starts.
public protocol TextSource: Sendable {
    /// The number of texts (N for candidates, M for targets).
    var count: Int { get }
    /// The texts at `range`, in index order.
    func texts(_ range: Range<Int>) throws -> [String]
}
