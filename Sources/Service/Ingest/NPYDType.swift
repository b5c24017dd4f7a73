/// The element types a feature upload accepts, all little-endian, converted to float32 on the way in.
enum NPYDType: Sendable, Equatable {
    case float16
    case float32
    case float64

    var byteCount: Int {
        switch self {
        case .float16: return 2
        case .float32: return 4
        case .float64: return 8
        }
    }

    /// Parses a numpy `descr` string such as `<f4`. numpy writes `<` for little-endian, `>` for
    /// big-endian and `|` where byte order does not apply; `=` (native) never appears in files it
    /// writes, so it is refused rather than guessed.
    static func parse(descr: String) throws(NPYError) -> NPYDType {
        let chars = Array(descr)
        guard chars.count >= 3 else { throw .unsupportedDType(descr: descr, reason: "not a numpy type string") }
        let (order, kind, size) = (chars[0], chars[1], String(chars[2...]))
        switch kind {
        case "i", "u": throw .unsupportedDType(descr: descr, reason: "integer")
        case "b": throw .unsupportedDType(descr: descr, reason: "boolean")
        case "c": throw .unsupportedDType(descr: descr, reason: "complex")
        case "f": break
        default: throw .unsupportedDType(descr: descr, reason: "not a floating-point type")
        }
        let dtype: NPYDType
        switch size {
        case "2": dtype = .float16
        case "4": dtype = .float32
        case "8": dtype = .float64
        default: throw .unsupportedDType(descr: descr, reason: "a \(size)-byte float")
        }
        switch order {
        case "<": return dtype
        case ">": throw .bigEndian(descr: descr)
        default: throw .unsupportedDType(descr: descr, reason: "byte order '\(order)' is not little-endian '<'")
        }
    }
}
