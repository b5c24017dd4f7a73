/// A blocking byte stream with deadlines: a socket, or scripted bytes in tests.
protocol ByteSource: AnyObject {
    /// Reads at most `buffer.count` bytes, waiting no later than `deadline`.
    /// Returns 0 at end of stream; throws `TransportError.timedOut` when the deadline passes.
    func receive(into buffer: UnsafeMutableRawBufferPointer, deadline: Deadline) throws -> Int
}

/// The write half: sends every byte or throws.
protocol ByteSink: AnyObject {
    func send(_ bytes: UnsafeRawBufferPointer) throws
}

extension ByteSink {
    func send(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try send($0) }
    }
}
