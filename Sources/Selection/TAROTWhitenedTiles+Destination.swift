extension TAROTWhitenedTiles {
    /// Where tiles write: `TAROTFeatures`' arrays, borrowed for one checkpoint's pass. A tile
    /// writes only its own rows (of `candidateRows`, `inner`, and its columns of each target's
    /// scores), which is what lets workers flush different tiles at once.
    struct Destination: @unchecked Sendable {
        let n: Int
        let m: Int
        let width: Int
        let candidateRows: UnsafeMutablePointer<Double>
        let targetRows: UnsafePointer<Double>
        let scoresByTarget: UnsafeMutablePointer<Double>
        let inner: UnsafeMutablePointer<Double>
    }
}
