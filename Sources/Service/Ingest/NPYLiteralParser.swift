/// Parses the header text of a `.npy` file as a Python literal. Strict where numpy is (one value,
/// nothing after it but whitespace), lenient where numpy writers differ (trailing commas, either
/// quote style, the `L` suffix of Python 2 longs).
struct NPYLiteralParser {
    private let bytes: [UInt8]
    private var i = 0
    private var depth = 0
    private static let maxDepth = 16

    static func parse(_ text: [UInt8]) throws(NPYError) -> NPYLiteral {
        var p = NPYLiteralParser(bytes: text)
        let value = try p.value()
        p.skipWhitespace()
        guard p.i == p.bytes.count else { throw p.fail("unexpected text after the dictionary") }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func fail(_ why: String) -> NPYError { .malformedHeader("\(why) at offset \(i)") }

    private mutating func skipWhitespace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
    }

    private mutating func value() throws(NPYError) -> NPYLiteral {
        skipWhitespace()
        guard i < bytes.count else { throw fail("unexpected end") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try container(close: UInt8(ascii: "}"), isDict: true)
        case UInt8(ascii: "("): return try container(close: UInt8(ascii: ")"), isDict: false)
        case UInt8(ascii: "["): return try container(close: UInt8(ascii: "]"), isDict: false)
        case UInt8(ascii: "'"), UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .int(try integer())
        default: return try word()
        }
    }

    /// `{k: v, ...}`, `(a, b, ...)` or `[a, ...]`; a 1-tuple is written `(a,)`, which parses the same.
    private mutating func container(close: UInt8, isDict: Bool) throws(NPYError) -> NPYLiteral {
        let open = bytes[i]
        depth += 1
        guard depth <= Self.maxDepth else { throw fail("nesting too deep") }
        defer { depth -= 1 }
        i += 1
        var items: [NPYLiteral] = []
        var pairs: [(key: NPYLiteral, value: NPYLiteral)] = []
        while true {
            skipWhitespace()
            guard i < bytes.count else { throw fail("unclosed '\(Character(UnicodeScalar(open)))'") }
            if bytes[i] == close { i += 1; break }
            let first = try value()
            if isDict {
                skipWhitespace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                i += 1
                pairs.append((first, try value()))
            } else {
                items.append(first)
            }
            skipWhitespace()
            guard i < bytes.count else { throw fail("unclosed '\(Character(UnicodeScalar(open)))'") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            guard bytes[i] == close else { throw fail("expected ',' or '\(Character(UnicodeScalar(close)))'") }
        }
        if isDict { return .dict(pairs) }
        return open == UInt8(ascii: "(") ? .tuple(items) : .list(items)
    }

    /// A quoted string without escapes: numpy's type strings and keys never need them.
    private mutating func string() throws(NPYError) -> String {
        let quote = bytes[i]
        i += 1
        let start = i
        while i < bytes.count, bytes[i] != quote {
            guard bytes[i] != UInt8(ascii: "\\"), bytes[i] < 0x80 else { throw fail("unsupported character in a string") }
            i += 1
        }
        guard i < bytes.count else { throw fail("unterminated string") }
        defer { i += 1 }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    private mutating func integer() throws(NPYError) -> Int {
        let start = i
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        let digits = i
        while i < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) { i += 1 }
        guard i > digits else { throw fail("invalid number") }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        if i < bytes.count, bytes[i] == UInt8(ascii: "L") || bytes[i] == UInt8(ascii: "l") { i += 1 }
        guard let v = Int(text) else { throw fail("integer out of range") }
        return v
    }

    private mutating func word() throws(NPYError) -> NPYLiteral {
        let start = i
        while i < bytes.count, (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(bytes[i])
            || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[i]) { i += 1 }
        switch String(decoding: bytes[start..<i], as: UTF8.self) {
        case "True": return .bool(true)
        case "False": return .bool(false)
        case "None": return .none
        default:
            i = start
            throw fail("unexpected token")
        }
    }
}
