/// The `m` largest of a stream of finite floats, kept sorted (largest first): after the first m
/// values almost every value is rejected by one comparison with the current m-th largest.
struct LargestValues {
    let m: Int
    private var kept: [Float] = []
    /// The current m-th largest once m values were kept, `-inf` before: a value must exceed it.
    private var floor = -Float.infinity

    init(m: Int) {
        self.m = m
        kept.reserveCapacity(m + 1)
    }

    @inline(__always)
    mutating func add(_ v: Float) {
        guard v > floor, m > 0 else { return }
        var slot = kept.count
        while slot > 0, v > kept[slot - 1] { slot -= 1 }
        kept.insert(v, at: slot)
        if kept.count > m { kept.removeLast() }
        if kept.count == m { floor = kept[m - 1] }
    }

    /// The m-th largest value added (counting repeats), `-inf` before m values were added.
    var mth: Float { kept.count == m ? kept[m - 1] : -.infinity }
}
