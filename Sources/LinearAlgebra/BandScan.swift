import COpenBLAS

/// The list scans of facility_location's band sweep over candidate bounds: `band` keeps the
/// candidates whose bound reaches a floor and reports those reaching a higher band, `rebuild`
/// lists every candidate reaching a floor. With AVX-512 F + VL the bounds are gathered eight at a time
/// and the indices compress-stored (no branch per candidate); the portable loop elsewhere gives
/// the same lists in the same order.
public enum BandScan {
    /// Whether this CPU has AVX-512 F and VL.
    public static let isSupported: Bool = shortlist_band_scan_supported() != 0

    /// Keeps, in order and in place, the first `count` entries of `active` whose bound is not
    /// below `floor`, and writes those also not below `band` to `hits` (room for `count`).
    /// Returns how many were kept and how many hit.
    @inlinable @inline(__always)
    public static func band(
        _ active: UnsafeMutablePointer<Int32>, count: Int, bounds: UnsafePointer<Double>, floor: Double, band: Double,
        hits: UnsafeMutablePointer<Int32>, vectorized: Bool = isSupported
    ) -> (kept: Int, hits: Int) {
        var hitCount = 0
        let kept = shortlist_band_scan(active, count, bounds, floor, band, hits, &hitCount, vectorized ? 1 : 0)
        return (kept, hitCount)
    }

    /// Writes every index `j < n` whose bound is not below `floor` to `active`, in order; returns how many.
    @inlinable @inline(__always)
    public static func rebuild(bounds: UnsafePointer<Double>, count n: Int, floor: Double, into active: UnsafeMutablePointer<Int32>, vectorized: Bool = isSupported) -> Int {
        shortlist_list_rebuild(bounds, n, floor, active, vectorized ? 1 : 0)
    }
}
