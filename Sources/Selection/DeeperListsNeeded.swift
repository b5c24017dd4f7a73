/// `MergedTopLists` cannot answer exactly from the lists it holds (the exactness check of
/// docs/scaling.md): every row range's list must be at least `length` long, so the driver asks
/// the map steps for deeper lists (or falls back to S's tiles) and runs the reduce again.
public struct DeeperListsNeeded: Error, CustomStringConvertible {
    public let length: Int

    public init(length: Int) { self.length = length }

    public var description: String { "the merged top lists are too short: each row range must give \(length) entries per target" }
}
