/// A body already in memory.
final class InMemoryBodySource: BodyByteSource {
    private let bytes: [UInt8]
    private(set) var bytesRead = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    var isComplete: Bool { bytesRead == bytes.count }

    func read(upTo maxBytes: Int) throws -> [UInt8]? {
        guard bytesRead < bytes.count else { return nil }
        let end = min(bytes.count, bytesRead + maxBytes)
        defer { bytesRead = end }
        return Array(bytes[bytesRead..<end])
    }
}
