/// What a test tool throws when the world does not behave (no port, a closed socket, a timeout):
/// one error type with a readable message, so a failing test says what it was waiting for.
public struct TestFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
