import HTTP
import JSON

/// A response as read off the wire by `TestClient`.
public struct TestResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: Int, headers: HTTPHeaders, body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public var text: String { String(decoding: body, as: UTF8.self) }
    public func header(_ name: String) -> String? { headers[name] }
    public func json() throws -> JSONValue { try JSONParser.parse(body) }
    /// `error.param` of an error body, or nil.
    public var errorParam: String? { (try? json())?["error"]?["param"]?.stringValue }
    public var errorType: String? { (try? json())?["error"]?["type"]?.stringValue }
    public var errorCode: String? { (try? json())?["error"]?["code"]?.stringValue }

    /// A whole response already read (status line to the end of the body), chunked coding undone.
    public static func parse(_ raw: [UInt8]) throws -> TestResponse {
        try TestClient(replaying: raw).readResponse()
    }
}
