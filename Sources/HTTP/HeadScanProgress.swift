/// How far the head scanner got in previous calls, so a head arriving byte by byte is scanned once
/// in total rather than once per arrival (a slowloris would otherwise cost quadratic time).
struct HeadScanProgress: Equatable {
    /// Offset of the first header line not yet seen complete, or nil before the request line ends.
    var nextLineStart: Int?
    var fieldCount = 0
}
