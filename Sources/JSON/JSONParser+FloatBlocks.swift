import Foundation

/// Decoding the arrays a `JSONFloatPlan` names straight into `[Float]`, sized once from a count
/// of the separators. Never throws: whatever does not fit (a string, a ragged or empty row, a
/// number float32 cannot hold) leaves the position unchanged, and the ordinary parser then reads
/// the array and reports any fault with its path.
extension JSONParser {
    mutating func floatBlock(_ plan: JSONFloatPlan) -> JSONFloatBlock? {
        let start = i
        let block: JSONFloatBlock? =
            switch plan {
            case .vector: decodeVector()
            case .rows: decodeRows()
            case .members, .everyMember: nil
            }
        if block == nil { i = start }
        return block
    }

    private mutating func decodeVector() -> JSONFloatBlock? {
        guard let (count, _, end) = countNumbers(nesting: 1) else { return nil }
        guard floatLimits.admits(values: count, rows: 1) else { return skip(to: end, rows: 1, values: count) }
        var values: [Float] = []
        values.reserveCapacity(count)
        guard appendRow(into: &values), !values.isEmpty else { return nil }
        return JSONFloatBlock(rows: 1, cols: values.count, values: values)
    }

    private mutating func decodeRows() -> JSONFloatBlock? {
        guard let (count, rows, end) = countNumbers(nesting: 2), rows > 0 else { return nil }
        guard floatLimits.admits(values: count, rows: rows) else { return skip(to: end, rows: rows, values: count) }
        var values: [Float] = []
        values.reserveCapacity(count)
        i += 1
        var cols = 0
        var decodedRows = 0
        while true {
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "[") else { return nil }
            let before = values.count
            guard appendRow(into: &values) else { return nil }
            let width = values.count - before
            if decodedRows == 0 { cols = width }
            guard width > 0, width == cols else { return nil }
            decodedRows += 1
            skipWhitespace()
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            guard bytes[i] == UInt8(ascii: "]") else { return nil }
            i += 1
            return JSONFloatBlock(rows: decodedRows, cols: cols, values: values)
        }
    }

    /// The array ending before `end` left undecoded: a block of no values whose `cols` bounds its
    /// widest row (every number of a row of more than `values / rows` is counted in `values`).
    private mutating func skip(to end: Int, rows: Int, values: Int) -> JSONFloatBlock {
        i = end
        return JSONFloatBlock(rows: rows, cols: max(values, 1), values: [])
    }

    /// An upper bound on the numbers in the array at `i` (its innermost arrays' commas, plus one
    /// per innermost array), how many innermost arrays, and the index just past its closing
    /// bracket, from its bytes alone; nil once anything but numbers and brackets at most
    /// `nesting` deep shows up.
    private func countNumbers(nesting: Int) -> (values: Int, rows: Int, end: Int)? {
        var j = i
        var level = 0
        var commas = 0
        var arrays = 0
        while j < bytes.count {
            switch bytes[j] {
            case UInt8(ascii: "["):
                level += 1
                guard level <= nesting else { return nil }
                if level == nesting { arrays += 1 }
            case UInt8(ascii: "]"):
                level -= 1
                if level == 0 { return (commas + arrays, arrays, j + 1) }
            case UInt8(ascii: ","):
                if level == nesting { commas += 1 }
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
                UInt8(ascii: "e"), UInt8(ascii: "E"), 0x20, 0x09, 0x0A, 0x0D:
                break
            default:
                return nil
            }
            j += 1
        }
        return nil
    }

    /// One `[n, n, ...]` appended to `values`; false if it is anything else.
    private mutating func appendRow(into values: inout [Float]) -> Bool {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "[") else { return false }
        i += 1
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
            i += 1
            return true
        }
        while true {
            skipWhitespace()
            guard let value = nextFloat() else { return false }
            values.append(value)
            skipWhitespace()
            guard i < bytes.count else { return false }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            guard bytes[i] == UInt8(ascii: "]") else { return false }
            i += 1
            return true
        }
    }

    /// The number at `i` as a finite float32, rounded as `Float(Double(text))` (what the ordinary
    /// path does), without building a String per number.
    private mutating func nextFloat() -> Float? {
        guard i < bytes.count, let (start, _) = try? scanNumber() else { return nil }
        let length = i - start
        let double: Double
        if length < 64 {
            double = withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { text in
                for k in 0..<length { text[k] = CChar(bitPattern: bytes[start + k]) }
                text[length] = 0
                return strtod(text.baseAddress!, nil)
            }
        } else {
            guard let parsed = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)) else { return nil }
            double = parsed
        }
        let value = Float(double)
        return double.isFinite && value.isFinite ? value : nil
    }
}
