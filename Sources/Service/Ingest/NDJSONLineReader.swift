import HTTP

/// Splits a streamed request body into lines without holding the whole body: each line is handed
/// out as bytes (without its `\n` / `\r\n`), with its 1-based number. Blank lines are skipped.
/// A line longer than `maxLineBytes` is an error naming it.
struct NDJSONLineReader {
    let body: HTTPRequestBody
    let maxLineBytes: Int
    let limit: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var finished = false
    private(set) var lineNumber = 0
    private var total = 0

    init(body: HTTPRequestBody, maxLineBytes: Int = 64 << 20, limit: Int) {
        self.body = body
        self.maxLineBytes = maxLineBytes
        self.limit = limit
    }

    /// The next non-blank line, or nil at the end of the body.
    mutating func next() throws -> (number: Int, bytes: ArraySlice<UInt8>)? {
        while true {
            if let nl = buffer[start...].firstIndex(of: 0x0A) {
                lineNumber += 1
                var end = nl
                if end > start, buffer[end - 1] == 0x0D { end -= 1 }
                let line = buffer[start..<end]
                start = nl + 1
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                return (lineNumber, line)
            }
            if finished {
                guard start < buffer.count else { return nil }
                lineNumber += 1
                let line = buffer[start...]
                start = buffer.count
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return nil }
                return (lineNumber, line)
            }
            if buffer.count - start > maxLineBytes {
                throw APIError.tooLarge("line \(lineNumber + 1) is longer than \(maxLineBytes) bytes", param: "line \(lineNumber + 1)")
            }
            if start > 0 {
                buffer.removeSubrange(0..<start)
                start = 0
            }
            if let chunk = try body.read(upTo: 1 << 20) {
                total += chunk.count
                if total > limit { throw APIError.tooLarge("the body is larger than \(limit) bytes") }
                buffer.append(contentsOf: chunk)
            } else {
                finished = true
            }
        }
    }
}
