/// A strict RFC 8259 parser from UTF-8 bytes to `JSONValue`: integers stay integers, object key
/// order is kept, duplicate keys and trailing garbage are errors, nesting depth is bounded (no
/// stack overflow on hostile input). Errors carry the byte offset and the JSON path of the value
/// at fault (`budget.fraction`, `query_vector[3]`).
public struct JSONParser {
    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        public let message: String
        public let offset: Int
        /// Where in the document it failed (`targets.vectors[0][2]`); "" at the top level.
        public var path: String = ""
        public var description: String { path.isEmpty ? "\(message) at byte \(offset)" : "\(message) at \(path) (byte \(offset))" }
    }

    public static let maxDepth = 128

    enum PathStep {
        case key(String)
        case index(Int)
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0
    private var depth = 0
    /// The path to the value being parsed; kept only on the second pass that names a failure's place.
    private var trail: [PathStep]?
    /// The float plan at the value being parsed (nil: none here) and that value's path.
    private var plan: JSONFloatPlan?
    private var planPath = ""
    var floatBlocks: [String: JSONFloatBlock] = [:]
    let floatLimits: JSONFloatLimits
    /// Inside an array the plan names that did not fit Float storage (a string among the
    /// numbers): the most elements a nested array may have, so that the ordinary path's tree
    /// stays within `floatLimits` too.
    private var nestedCap: Int?

    private init(_ bytes: UnsafeBufferPointer<UInt8>, plan: JSONFloatPlan? = nil, limits: JSONFloatLimits = .none, tracksPath: Bool = false) {
        self.bytes = bytes
        self.plan = plan
        floatLimits = limits
        trail = tracksPath ? [] : nil
    }

    public static func parse(_ data: [UInt8]) throws(Failure) -> JSONValue {
        try data.withUnsafeBufferPointer { buf throws(Failure) in try parse(buffer: buf) }
    }

    public static func parse(_ s: String) throws(Failure) -> JSONValue { try parse(Array(s.utf8)) }

    public static func parse(buffer: UnsafeBufferPointer<UInt8>) throws(Failure) -> JSONValue {
        try parseDocument(buffer: buffer, plan: nil).value
    }

    /// Parses `data`, decoding the numeric arrays `plan` names into Float storage.
    public static func parse(_ data: [UInt8], plan: JSONFloatPlan, limits: JSONFloatLimits = .none) throws(Failure) -> JSONDocument {
        try data.withUnsafeBufferPointer { buf throws(Failure) in try parseDocument(buffer: buf, plan: plan, limits: limits) }
    }

    /// `limits`: arrays of the plan past them are skipped unread (`JSONFloatBlock.skipped`).
    public static func parseDocument(buffer: UnsafeBufferPointer<UInt8>, plan: JSONFloatPlan?,
                                     limits: JSONFloatLimits = .none) throws(Failure) -> JSONDocument {
        var p = JSONParser(buffer, plan: plan, limits: limits)
        do {
            let value = try p.document()
            return JSONDocument(value: value, floatBlocks: p.floatBlocks)
        } catch {
            // A second pass that tracks the path names the failure's place; the first pass
            // (every successful parse) pays nothing for it. The same input fails the same way.
            // It runs with the same plan and limits, so a large body is no costlier the second
            // time (a tree of its numbers would be), and the first pass's floats are let go.
            p.floatBlocks = [:]
            var tracker = JSONParser(buffer, plan: plan, limits: limits, tracksPath: true)
            do { _ = try tracker.document() } catch let located { throw located }
            throw error
        }
    }

    private mutating func document() throws(Failure) -> JSONValue {
        skipWhitespace()
        let v = try value()
        skipWhitespace()
        guard i == bytes.count else { throw fail("unexpected data after the JSON value") }
        return v
    }

    func fail(_ message: String, at offset: Int? = nil) -> Failure {
        Failure(message: message, offset: offset ?? i, path: trail.map(Self.render) ?? "")
    }

    static func render(_ trail: [PathStep]) -> String {
        var out = ""
        for step in trail {
            switch step {
            case .key(let key): out += out.isEmpty ? key : ".\(key)"
            case .index(let n): out += "[\(n)]"
            }
        }
        return out
    }

    mutating func skipWhitespace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }

    private mutating func value() throws(Failure) -> JSONValue {
        guard i < bytes.count else { throw fail("unexpected end of input") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["):
            if let plan, let block = floatBlock(plan) {
                floatBlocks[planPath] = block
                return .array([])
            }
            return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw fail("unexpected character '\(Self.printable(bytes[i]))'")
        }
    }

    private static func printable(_ b: UInt8) -> String {
        (0x20..<0x7F).contains(b) ? String(UnicodeScalar(b)) : "\\x" + JSONWriter.hexDigits(UInt32(b), width: 2, uppercase: true)
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else { throw fail("invalid literal") }
        let w = word.utf8Start
        for k in 0..<n where bytes[i + k] != w[k] { throw fail("invalid literal") }
        i += n
    }

    private mutating func enter() throws(Failure) {
        depth += 1
        if depth > Self.maxDepth { throw fail("nesting deeper than \(Self.maxDepth)") }
    }

    private mutating func object() throws(Failure) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        i += 1
        var members: [JSONValue.Member] = []
        var seen = Set<String>()
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
            let keyOffset = i
            let key = try string()
            guard seen.insert(key).inserted else { throw fail("duplicate key \"\(key)\"", at: keyOffset) }
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            i += 1
            skipWhitespace()
            trail?.append(.key(key))
            let (outerPlan, outerPath) = (plan, planPath)
            if let outerPlan {
                plan = outerPlan.child(key)
                planPath = outerPath.isEmpty ? key : "\(outerPath).\(key)"
            }
            members.append(JSONValue.Member(key, try value()))
            (plan, planPath) = (outerPlan, outerPath)
            trail?.removeLast()
            skipWhitespace()
            guard i < bytes.count else { throw fail("unexpected end of input in object") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
            throw fail("expected ',' or '}'")
        }
    }

    private mutating func array() throws(Failure) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        i += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
        // No plan reaches inside an array (`rows` takes the array whole).
        let outerPlan = plan, outerCap = nestedCap
        let cap: Int? =
            switch outerPlan {
            case .vector: floatLimits.columns
            case .rows: floatLimits.rows
            default: outerCap
            }
        plan = nil
        if case .rows = outerPlan { nestedCap = floatLimits.columns }
        defer { (plan, nestedCap) = (outerPlan, outerCap) }
        trail?.append(.index(0))
        defer { trail?.removeLast() }
        while true {
            skipWhitespace()
            if trail != nil { trail![trail!.count - 1] = .index(items.count) }
            if let cap, items.count >= cap {
                throw Failure(message: "more than \(cap) elements in an array of numbers (wider than any stored vector)", offset: i,
                              path: trail.map(Self.render) ?? planPath)
            }
            items.append(try value())
            skipWhitespace()
            guard i < bytes.count else { throw fail("unexpected end of input in array") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            throw fail("expected ',' or ']'")
        }
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard i + 4 <= bytes.count else { throw fail("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[i]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw fail("invalid \\u escape")
            }
            v = v * 16 + d
            i += 1
        }
        return v
    }

    private mutating func string() throws(Failure) -> String {
        i += 1
        var out = [UInt8]()
        while true {
            guard i < bytes.count else { throw fail("unterminated string") }
            let c = bytes[i]
            if c == UInt8(ascii: "\"") { i += 1; break }
            if c < 0x20 { throw fail("control character in string") }
            if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
            i += 1
            guard i < bytes.count else { throw fail("unterminated escape") }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    guard i + 2 <= bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                        throw fail("unpaired surrogate")
                    }
                    i += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw fail("unpaired surrogate") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw fail("unpaired surrogate")
                }
                guard let u = Unicode.Scalar(scalar) else { throw fail("invalid code point") }
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default: throw fail("invalid escape")
            }
        }
        // Validate UTF-8: invalid byte sequences are an error, never silently repaired.
        guard let s = String(validating: out, as: UTF8.self) else { throw fail("invalid UTF-8 in string") }
        return s
    }

    private mutating func number() throws(Failure) -> JSONValue {
        let (start, isInteger) = try scanNumber()
        let lexeme = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        if isInteger, let v = Int(lexeme) { return .int(v) }
        guard let d = Double(lexeme), d.isFinite else { throw fail("number out of range", at: start) }
        return .double(d)
    }

    /// Moves past one number of the JSON grammar; its start and whether it is an integer lexeme.
    mutating func scanNumber() throws(Failure) -> (start: Int, isInteger: Bool) {
        let start = i
        var isInteger = true
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < bytes.count else { throw fail("invalid number") }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
        } else if (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(bytes[i]) {
            while i < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) { i += 1 }
        } else { throw fail("invalid number") }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            isInteger = false
            i += 1
            let digits = i
            while i < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) { i += 1 }
            guard i > digits else { throw fail("invalid number") }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            isInteger = false
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            let digits = i
            while i < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) { i += 1 }
            guard i > digits else { throw fail("invalid number") }
        }
        return (start, isInteger)
    }
}
