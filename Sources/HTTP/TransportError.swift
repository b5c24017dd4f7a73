/// Failures of the byte stream itself, below HTTP.
enum TransportError: Error, Equatable {
    /// The deadline passed with no bytes.
    case timedOut
    /// The peer closed (or reset) the connection.
    case closed
    case system(errno: Int32)
}
