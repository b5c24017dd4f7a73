/// One row of a pool's search table, comparable with what the items table says it should be.
struct SearchRow: Equatable, CustomStringConvertible {
    let rowID: Int64
    let question: String

    var description: String { "\(rowID): \(question.debugDescription)" }
}
