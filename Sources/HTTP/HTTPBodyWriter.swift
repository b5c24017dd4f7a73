/// Receives a streamed response body; each write goes out as (part of) a chunk on the wire.
public protocol HTTPBodyWriter {
    func write(_ bytes: [UInt8]) throws
}

extension HTTPBodyWriter {
    public func write(_ string: String) throws {
        try write(Array(string.utf8))
    }
}
