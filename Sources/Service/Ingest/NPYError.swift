/// Why a `.npy` body was refused. Pure: the decoder knows nothing of pools or HTTP; the
/// `apiError` (NPYError+API.swift) turns each case into its API answer.
enum NPYError: Error, Equatable, Sendable {
    /// The first bytes are not `\x93NUMPY`.
    case badMagic
    /// A format version other than 1.0 and 2.0.
    case unsupportedVersion(major: Int, minor: Int)
    /// The header dictionary is not the Python literal numpy writes.
    case malformedHeader(String)
    /// The header length field exceeds the reader's bound.
    case headerTooLarge(length: Int, limit: Int)
    /// A dtype that is not float16/32/64 (integers, complex, structured, ...).
    case unsupportedDType(descr: String, reason: String)
    /// A float dtype stored big-endian.
    case bigEndian(descr: String)
    case fortranOrder
    /// Not a 2-D array (the shape as written).
    case notTwoDimensional(shape: [Int])
    /// A 2-D array with zero columns: a checkpoint's dim is at least 1.
    case zeroColumns
    /// The body ended before the header or the rows the shape announces.
    case truncated(expectedBytes: Int?, receivedBytes: Int)
    /// More bytes than the shape announces.
    case trailingBytes(expectedBytes: Int)
    /// A NaN or ±Inf (after conversion to float32) at 0-based `row`, `column`.
    case nonFinite(row: Int, column: Int)
}
