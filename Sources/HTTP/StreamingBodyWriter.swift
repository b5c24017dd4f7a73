/// The `HTTPBodyWriter` handed to streaming handlers. Small writes are coalesced into chunks of
/// about `flushThreshold` bytes; the response head travels with the first chunk, so a handler that
/// fails before anything was flushed can still be answered with a proper error response.
final class StreamingBodyWriter: HTTPBodyWriter {
    private let sink: any ByteSink
    private var pendingHead: [UInt8]?
    private var payload: [UInt8] = []
    private let chunked: Bool
    private let flushThreshold: Int
    private(set) var bytesSent = 0

    init(sink: any ByteSink, head: [UInt8], chunked: Bool, flushThreshold: Int = 64 * 1024) {
        self.sink = sink
        self.pendingHead = head
        self.chunked = chunked
        self.flushThreshold = flushThreshold
        payload.reserveCapacity(flushThreshold)
    }

    /// True once any byte reached the socket: the status can no longer change.
    var hasFlushed: Bool { pendingHead == nil }

    func write(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        payload.append(contentsOf: bytes)
        if payload.count >= flushThreshold { try flush() }
    }

    /// Sends the rest and, for chunked coding, the last-chunk.
    func finish() throws {
        try flush(terminator: chunked ? Array("0\r\n\r\n".utf8) : [])
    }

    private func flush(terminator: [UInt8] = []) throws {
        var out = pendingHead ?? []
        pendingHead = nil
        if !payload.isEmpty {
            if chunked { out += Array((String(payload.count, radix: 16) + "\r\n").utf8) }
            out += payload
            if chunked { out += [ASCII.cr, ASCII.lf] }
            payload.removeAll(keepingCapacity: true)
        }
        out += terminator
        guard !out.isEmpty else { return }
        try sink.send(out)
        bytesSent += out.count
    }
}
