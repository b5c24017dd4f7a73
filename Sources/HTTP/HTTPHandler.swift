/// A route's handler. It runs on the connection's own thread and may block (SQLite, BLAS).
public typealias HTTPHandler = @Sendable (HTTPRequest) throws -> HTTPResponse
