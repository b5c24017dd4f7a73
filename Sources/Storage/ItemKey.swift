/// An item's identity: its storage row id (insertion order), its API id and its current index.
public struct ItemKey: Sendable, Equatable, Hashable {
    public let rowID: Int64
    public let extID: String
    public let index: Int

    public init(rowID: Int64, extID: String, index: Int) {
        self.rowID = rowID
        self.extID = extID
        self.index = index
    }
}
