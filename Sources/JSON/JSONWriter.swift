/// Deterministic JSON output: members in the order given, shortest round-trip doubles, no
/// dependence on hashing order. Non-finite doubles (never produced by validated inputs) are
/// written as null rather than as invalid JSON. This is the one string escaper of the product:
/// response bodies, error documents, provider request bodies and cache keys all go through it.
public enum JSONWriter {
    public static func encode(_ value: JSONValue) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(256)
        write(value, into: &out)
        return out
    }

    /// The text of `encode`, for places that hold JSON as a string (stored documents, logs).
    public static func text(_ value: JSONValue) -> String {
        String(decoding: encode(value), as: UTF8.self)
    }

    public static func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case let .bool(b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case let .int(i): out.append(contentsOf: String(i).utf8)
        case let .double(d): writeDouble(d, into: &out)
        case let .string(s): writeString(s, into: &out)
        case let .array(items):
            out.append(UInt8(ascii: "["))
            for (n, item) in items.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                write(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case let .object(members):
            out.append(UInt8(ascii: "{"))
            for (n, m) in members.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                writeString(m.key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(m.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        case let .verbatim(text):
            out.append(contentsOf: text.utf8)
        }
    }

    /// `[[v, ...], ...]`: `values` as `rows x cols` (row-major), each float32 widened exactly to
    /// float64, the same text as writing the tree of `.double(Double(value))` rows, without
    /// building it: a boxed `JSONValue` per number costs tens of bytes, and inline target
    /// matrices hold millions of numbers.
    public static func writeFloatRows(_ values: UnsafeBufferPointer<Float>, cols: Int, into out: inout [UInt8]) {
        precondition(cols > 0 && values.count % cols == 0, "writeFloatRows needs whole rows")
        out.append(UInt8(ascii: "["))
        for r in 0..<(values.count / cols) {
            out.append(contentsOf: r == 0 ? [UInt8(ascii: "[")] : [UInt8(ascii: ","), UInt8(ascii: "[")])
            for j in 0..<cols {
                if j > 0 { out.append(UInt8(ascii: ",")) }
                writeDouble(Double(values[r * cols + j]), into: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "]"))
    }

    /// Swift's `description` is the shortest string that round-trips; integral doubles keep `.0`.
    public static func writeDouble(_ d: Double, into out: inout [UInt8]) {
        guard d.isFinite else { out.append(contentsOf: "null".utf8); return }
        out.append(contentsOf: d.description.utf8)
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped (`\n`, `\u0001`),
    /// everything else, non-ASCII included, left as UTF-8.
    public static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                out.append(contentsOf: "\\u".utf8)
                out.append(contentsOf: hexDigits(UInt32(b), width: 4, uppercase: false).utf8)
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `value` in hexadecimal, zero-padded to `width` digits.
    static func hexDigits(_ value: UInt32, width: Int, uppercase: Bool) -> String {
        let digits = String(value, radix: 16, uppercase: uppercase)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
