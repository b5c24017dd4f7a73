/// The `m` largest of a stream of floats, kept sorted (largest first): after the first m values
/// almost every value is rejected by one comparison with the current m-th largest.
struct LargestValues {
    let m: Int
    private var kept: [Float] = []

    init(m: Int) {
        self.m = m
        kept.reserveCapacity(m + 1)
    }

    @inline(__always)
    mutating func add(_ v: Float) {
        guard m > 0 else { return }
        if kept.count == m, v <= kept[m - 1] { return }
        var slot = kept.count
        while slot > 0, v > kept[slot - 1] { slot -= 1 }
        kept.insert(v, at: slot)
        if kept.count > m { kept.removeLast() }
    }

    /// The m-th largest value added (counting repeats), `-inf` before m values were added.
    var mth: Float { kept.count == m ? kept[m - 1] : -.infinity }
}
