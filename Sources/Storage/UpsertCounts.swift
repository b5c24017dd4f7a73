/// What an item upsert did: rows added at the end, and rows whose fields were replaced in place.
public struct UpsertCounts: Sendable, Equatable {
    public let inserted: Int
    public let updated: Int
}
