/// Where an `HTTPRequestBody` gets its bytes: the connection's decoder, or memory in tests.
protocol BodyByteSource: AnyObject {
    func read(upTo maxBytes: Int) throws -> [UInt8]?
    var bytesRead: Int { get }
    var isComplete: Bool { get }
}
