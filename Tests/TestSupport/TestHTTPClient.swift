import JSON

/// One request per connection (`Connection: close`) against a service on loopback, for
/// end-to-end tests; `TestClient` when a test needs the connection itself.
public struct TestHTTPClient: Sendable {
    public let port: Int
    public var timeoutSeconds: Int

    public init(port: Int, timeoutSeconds: Int = 30) {
        self.port = port
        self.timeoutSeconds = timeoutSeconds
    }

    /// A connection with this client's timeout (and, if given, a small receive buffer).
    public func connect(receiveBufferBytes: Int32? = nil) throws -> TestClient {
        try TestClient.make(port: port, receiveTimeout: .seconds(timeoutSeconds), receiveBufferBytes: receiveBufferBytes)
    }

    public func request(_ method: String, _ path: String, headers: [(String, String)] = [], body: [UInt8]? = nil) throws -> TestResponse {
        let connection = try connect()
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        try connection.send(head)
        if let body { try connection.send(body) }
        return try connection.readResponse(headRequest: method == "HEAD")
    }

    public func json(_ method: String, _ path: String, _ body: JSONValue? = nil, headers: [(String, String)] = []) throws -> TestResponse {
        try request(method, path, headers: headers + [("Content-Type", "application/json")], body: body.map(JSONWriter.encode))
    }
}
