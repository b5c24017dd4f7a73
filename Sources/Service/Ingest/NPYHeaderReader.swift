/// Collects the first bytes of a `.npy` body until its header is complete, failing as soon as the
/// bytes seen prove it malformed (bad magic after 6 bytes, bad version after 8), so a wrong body is
/// refused without reading it. Whatever arrived past the header is handed back for the row decoder.
struct NPYHeaderReader {
    /// numpy itself refuses headers over 10,000 bytes by default; 64 KiB leaves room for any writer.
    let maxHeaderBytes: Int
    private var bytes: [UInt8] = []

    init(maxHeaderBytes: Int = 64 << 10) { self.maxHeaderBytes = maxHeaderBytes }

    var bytesSeen: Int { bytes.count }

    /// Appends `chunk`; returns the header and the data bytes after it once the header is complete.
    mutating func consume<C: Collection<UInt8>>(_ chunk: C) throws(NPYError) -> (header: NPYHeader, rest: ArraySlice<UInt8>)? {
        bytes.append(contentsOf: chunk)
        let magicSeen = min(bytes.count, NPYHeader.magic.count)
        guard bytes[0..<magicSeen].elementsEqual(NPYHeader.magic[0..<magicSeen]) else { throw .badMagic }
        guard bytes.count >= 8 else { return nil }
        let (major, minor) = (Int(bytes[6]), Int(bytes[7]))
        guard minor == 0, major == 1 || major == 2 else { throw .unsupportedVersion(major: major, minor: minor) }
        let lengthBytes = major == 1 ? 2 : 4
        guard bytes.count >= 8 + lengthBytes else { return nil }
        let length = bytes[8..<(8 + lengthBytes)].reversed().reduce(0) { $0 << 8 | Int($1) }
        guard length <= maxHeaderBytes else { throw .headerTooLarge(length: length, limit: maxHeaderBytes) }
        let dataOffset = 8 + lengthBytes + length
        guard bytes.count >= dataOffset else { return nil }
        let text = Array(bytes[(8 + lengthBytes)..<dataOffset])
        // Versions 1 and 2 are latin-1; a float header is plain ASCII, so anything else is suspect.
        guard text.allSatisfy({ $0 < 0x80 }) else { throw .malformedHeader("non-ASCII bytes in the header") }
        let header = try NPYHeader.validated(major: major, minor: minor, text: text, dataOffset: dataOffset)
        return (header, bytes[dataOffset...])
    }

    /// The error for a body that ended before the header did (a wrong prefix already threw).
    func endedEarly() -> NPYError { .truncated(expectedBytes: nil, receivedBytes: bytes.count) }
}
