import HTTP

/// One HTTP request as the transport sends it. Header values may carry secrets (Authorization):
/// they are never copied into errors or descriptions.
public struct HTTPRequestSpec: Sendable {
    public var method: HTTPMethod
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: HTTPMethod = .post, url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}
