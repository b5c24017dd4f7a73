/// A stored item with its current index (0-based position among the pool's live items).
public struct ItemRecord: Sendable, Equatable {
    public let key: ItemKey
    public let question: String?
    public let answer: String?
    public let text: String?
    public let metadata: String?

    public var rowID: Int64 { key.rowID }
    public var extID: String { key.extID }
    public var index: Int { key.index }
}
