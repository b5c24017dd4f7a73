/// An error that knows its own HTTP answer (Hummingbird-style). Anything thrown by a handler that
/// does not conform becomes a 500 with no internals.
public protocol HTTPErrorConvertible: Error {
    var httpStatus: Int { get }
    /// The JSON error document `{"error":{...}}`.
    var httpErrorBody: [UInt8] { get }
    var httpHeaders: [(String, String)] { get }
}

extension HTTPErrorConvertible {
    public var httpHeaders: [(String, String)] { [] }
}
