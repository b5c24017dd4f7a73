import HTTP

extension NPYError {
    /// The API answer: non-finite values name their row (`row 17`, 0-based like item indices);
    /// everything else is a malformed body (`bad_npy`, param `body`).
    var apiError: APIError {
        switch self {
        case let .nonFinite(row, column):
            return .invalid("row \(row), column \(column) is NaN or infinite (as float32)", param: "row \(row)",
                            code: "non_finite_input")
        default:
            return .invalid("bad .npy body: \(reason)", param: "body", code: "bad_npy")
        }
    }

    var reason: String {
        switch self {
        case .badMagic: return "it does not start with the .npy magic \\x93NUMPY"
        case let .unsupportedVersion(major, minor):
            return "format version \(major).\(minor) is not supported; send version 1.0 or 2.0 (3.0 only differs by a UTF-8 header, which numpy writes for structured dtypes, never for float arrays)"
        case let .malformedHeader(why): return "malformed header: \(why)"
        case let .headerTooLarge(length, limit): return "header of \(length) bytes exceeds \(limit) bytes"
        case let .unsupportedDType(descr, why): return "dtype '\(descr)' is not supported (\(why)); send float32, float16 or float64"
        case let .bigEndian(descr): return "dtype '\(descr)' is big-endian; send little-endian ('<f4')"
        case .fortranOrder: return "the array is in Fortran order; send a C-order array (np.ascontiguousarray)"
        case let .notTwoDimensional(shape): return "the array has shape \(Self.tuple(shape)); a 2-D (items x dim) array is required"
        case .zeroColumns: return "the array has zero columns; dim must be at least 1"
        case let .truncated(expected, received):
            if let expected { return "truncated body: the shape needs \(expected) data bytes, the body has \(received)" }
            return "truncated body: it ended after \(received) bytes, inside the header"
        case let .trailingBytes(expected): return "the body holds more than the \(expected) data bytes its shape announces"
        case let .nonFinite(row, column): return "row \(row), column \(column) is NaN or infinite"
        }
    }

    private static func tuple(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}
