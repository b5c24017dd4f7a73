/// The bytes received on a connection and not yet consumed. Head parsing and body decoding both read
/// from here, so bytes of a pipelined next request are never lost or misparsed.
final class InputBuffer {
    private var storage: [UInt8]
    private(set) var start = 0
    private(set) var end = 0
    private let source: any ByteSource
    /// Total bytes ever received, for accounting.
    private(set) var totalReceived = 0

    init(source: any ByteSource, capacity: Int = 64 * 1024) {
        self.source = source
        self.storage = [UInt8](repeating: 0, count: capacity)
    }

    var available: Int { end - start }
    var isEmpty: Bool { start == end }

    /// Receives more bytes; returns false at end of stream.
    @discardableResult
    func fill(deadline: Deadline) throws -> Bool {
        makeRoom()
        let received = try storage.withUnsafeMutableBytes { raw in
            try source.receive(into: UnsafeMutableRawBufferPointer(rebasing: raw[end...]), deadline: deadline)
        }
        end += received
        totalReceived += received
        return received > 0
    }

    /// Compacts consumed bytes away, or grows when the buffer is full of unconsumed bytes (a head
    /// being assembled; its size is bounded by the parser's limits before it can grow far).
    private func makeRoom() {
        guard end == storage.count else { return }
        if start > 0 {
            let count = available
            storage.withUnsafeMutableBytes { raw in
                guard let base = raw.baseAddress else { return }
                base.copyMemory(from: base + start, byteCount: count)
            }
            start = 0
            end = count
        } else {
            storage.append(contentsOf: repeatElement(0, count: storage.count))
        }
    }

    func withReadable<T>(_ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        try storage.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }

    func consume(_ count: Int) {
        start += min(count, available)
        if start == end {
            start = 0
            end = 0
        }
    }

    /// Removes and returns up to `maxBytes` buffered bytes.
    func take(upTo maxBytes: Int) -> [UInt8] {
        let count = min(maxBytes, available)
        let bytes = Array(storage[start..<(start + count)])
        consume(count)
        return bytes
    }
}
