/// Decodes a request body straight from the connection's input, by Content-Length or chunked
/// coding (RFC 9112 §7.1), without ever buffering more than one read. Leaves the input positioned
/// at the next pipelined request once complete.
final class FramedBodyReader: BodyByteSource {
    private enum State {
        case remaining(Int)
        case chunkSize
        case chunkData(Int)
        case chunkDataEnd
        case trailers(bytesSoFar: Int)
        case done
    }

    private var state: State
    private let input: InputBuffer
    private let readTimeout: Duration
    private let streamLimit: Int
    private var beforeFirstRead: (() throws -> Void)?
    private(set) var bytesRead = 0
    /// Set once the stream broke (EOF, timeout, bad framing, over limit): the connection must close.
    private(set) var failed = false
    /// Cleared by `drainBuffered`: running out of buffered bytes then ends the read instead of
    /// waiting on the socket.
    private var mayWait = true

    private static let maxChunkLineBytes = 4096
    private static let maxTrailerBytes = 65536

    init(
        framing: BodyFraming, input: InputBuffer, readTimeout: Duration, streamLimit: Int,
        beforeFirstRead: (() throws -> Void)? = nil
    ) {
        switch framing {
        case .none: state = .done
        case .length(let length): state = length == 0 ? .done : .remaining(length)
        case .chunked: state = .chunkSize
        }
        self.input = input
        self.readTimeout = readTimeout
        self.streamLimit = streamLimit
        self.beforeFirstRead = beforeFirstRead
    }

    /// The client asked for `100-continue` and was never invited: it may not have sent the body.
    var awaitsContinue: Bool { beforeFirstRead != nil && !isComplete }

    var isComplete: Bool {
        if case .done = state { return true }
        return false
    }

    func read(upTo maxBytes: Int) throws -> [UInt8]? {
        guard !failed else { throw HTTPError.invalidRequest("request body is unreadable after an earlier error") }
        do {
            if let hook = beforeFirstRead, !isComplete {
                beforeFirstRead = nil
                try hook()
            }
            return try nextBytes(upTo: maxBytes)
        } catch {
            failed = true
            throw Self.httpError(for: error)
        }
    }

    /// Reads and discards the rest of the body; true when the connection can carry another request.
    /// A declared remainder over `maxBytes` is not even started on: the connection closes instead.
    func drain(maxBytes: Int) -> Bool {
        if case .remaining(let remaining) = state, remaining > maxBytes { return false }
        var discarded = 0
        while !isComplete && !failed && discarded <= maxBytes {
            // A client that was told nothing about `Expect: 100-continue` must not be invited now.
            beforeFirstRead = nil
            guard let bytes = try? read(upTo: 64 * 1024) else { break }
            discarded += bytes.count
        }
        return isComplete && !failed
    }

    /// `drain`, but only over bytes that already arrived: after an error answer the server does
    /// not wait for a body it will never use (a client that declares one and sends nothing would
    /// hold the connection for the whole body timeout). True when the whole body was buffered.
    func drainBuffered(maxBytes: Int) -> Bool {
        mayWait = false
        return drain(maxBytes: maxBytes)
    }

    private func nextBytes(upTo maxBytes: Int) throws -> [UInt8]? {
        while true {
            switch state {
            case .done:
                return nil
            case .remaining(let remaining):
                let bytes = try takeData(upTo: min(maxBytes, remaining))
                state = remaining == bytes.count ? .done : .remaining(remaining - bytes.count)
                return bytes
            case .chunkSize:
                let size = try ChunkSizeLine.parse(try readLine(maxBytes: Self.maxChunkLineBytes))
                state = size == 0 ? .trailers(bytesSoFar: 0) : .chunkData(size)
            case .chunkData(let remaining):
                let bytes = try takeData(upTo: min(maxBytes, remaining))
                state = remaining == bytes.count ? .chunkDataEnd : .chunkData(remaining - bytes.count)
                return bytes
            case .chunkDataEnd:
                try expectCRLF()
                state = .chunkSize
            case .trailers(let bytesSoFar):
                // Trailer fields are read for framing only; nothing here consumes them.
                let line = try readLine(maxBytes: Self.maxTrailerBytes)
                let total = bytesSoFar + line.count + 2
                guard total <= Self.maxTrailerBytes else { throw HTTPError.invalidRequest("trailer section too large") }
                state = line.isEmpty ? .done : .trailers(bytesSoFar: total)
            }
        }
    }

    private func takeData(upTo count: Int) throws -> [UInt8] {
        if input.isEmpty { try fillOrFail() }
        let bytes = input.take(upTo: count)
        bytesRead += bytes.count
        if bytesRead > streamLimit { throw HTTPError.payloadTooLarge(limit: streamLimit) }
        return bytes
    }

    /// One CRLF-terminated line without its CRLF; bare LF and overlong lines are framing errors.
    private func readLine(maxBytes: Int) throws -> [UInt8] {
        while true {
            let found: Int? = input.withReadable { $0.firstIndex(of: ASCII.lf) }
            if let lf = found {
                // Judged on the line alone, never on how much happens to be buffered after it, so
                // the verdict does not depend on how the network split the stream (found by fuzz/).
                guard lf <= maxBytes + 1 else { throw HTTPError.invalidRequest("chunk line too long") }
                let line = input.take(upTo: lf + 1)
                guard lf > 0, line[lf - 1] == ASCII.cr else { throw HTTPError.invalidRequest("chunk line must end with CRLF") }
                return Array(line[0..<(lf - 1)])
            }
            guard input.available <= maxBytes + 1 else { throw HTTPError.invalidRequest("chunk line too long") }
            try fillOrFail()
        }
    }

    /// Exactly the two bytes after a chunk's data: scanning ahead for a line feed would report a
    /// different error depending on how much of the stream had arrived (found by fuzz/).
    private func expectCRLF() throws {
        while input.available < 2 { try fillOrFail() }
        guard input.take(upTo: 2) == [ASCII.cr, ASCII.lf] else {
            throw HTTPError.invalidRequest("chunk data not followed by CRLF")
        }
    }

    private func fillOrFail() throws {
        guard mayWait else { throw HTTPError.invalidRequest("request body not received before the answer") }
        guard try input.fill(deadline: .after(readTimeout)) else {
            throw HTTPError.invalidRequest("request body ended before its declared length")
        }
    }

    private static func httpError(for error: any Error) -> any Error {
        switch error {
        case TransportError.timedOut: return HTTPError.requestTimeout("request body not received in time")
        case is TransportError: return HTTPError.invalidRequest("connection failed while reading the request body")
        default: return error
        }
    }
}
