import Selection
import Storage

/// What a selection job computed, with the item keys its indices refer to (resolved when the
/// job started) and the checkpoint labels its per-checkpoint diagnostics follow.
struct SelectionJobOutcome: Sendable {
    let result: SelectionResult
    let keys: [ItemKey]
    let labels: [String]

    /// Result rows `range` (0-based positions in the ordering) as stored rows, rank 1-based.
    func rows(_ range: Range<Int>) throws -> [JobResultRow] {
        try range.map { position in
            let index = result.order[position]
            guard keys.indices.contains(index) else {
                throw StorageError.corrupt("the method returned index \(index) outside 0..<\(keys.count)")
            }
            return JobResultRow(
                rank: position + 1, itemID: keys[index].extID, itemIndex: index,
                score: Self.value(result.scores, position), weight: Self.value(result.weights, position),
                pickedBy: Self.value(result.pickedBy, position), round: Self.value(result.rounds, position))
        }
    }

    private static func value<T>(_ values: [T]?, _ position: Int) -> T? {
        guard let values, values.indices.contains(position) else { return nil }
        return values[position]
    }
}
