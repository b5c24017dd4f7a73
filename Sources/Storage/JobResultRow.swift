/// One selected item of a job's result. `rank` is 1-based (1 = best); `itemIndex` the item's index
/// when the job started.
public struct JobResultRow: Sendable, Equatable {
    public let rank: Int
    public let itemID: String
    public let itemIndex: Int
    public let score: Double?
    public let weight: Double?
    public let pickedBy: Int?
    /// facility_location: the round of the pick (-1 for the zero-gain fill).
    public let round: Int?

    public init(rank: Int, itemID: String, itemIndex: Int, score: Double? = nil, weight: Double? = nil,
                pickedBy: Int? = nil, round: Int? = nil) {
        self.rank = rank
        self.itemID = itemID
        self.itemIndex = itemIndex
        self.score = score
        self.weight = weight
        self.pickedBy = pickedBy
        self.round = round
    }
}
