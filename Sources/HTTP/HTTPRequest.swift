/// One parsed request head and its body, as handed to a handler.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// The raw request target, e.g. "/v1/pools?limit=2".
    public var target: String
    /// The percent-decoded path, e.g. "/v1/pools".
    public var path: String
    /// Decoded query parameters in order ("+" is a space).
    public var query: [(name: String, value: String)]
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    /// Filled by the router from `{name}` segments.
    public var pathParameters: [String: String]
    /// The matched route pattern, e.g. "/v1/pools/{pool}"; nil before routing.
    public var routePattern: String?
    /// The body limit of the matched route (or the server default): pass it to `body.collect(limit:)`.
    public var bodyLimit: Int
    public var requestID: String
    public let body: HTTPRequestBody

    public init(
        method: HTTPMethod, target: String, path: String, query: [(name: String, value: String)] = [],
        version: HTTPVersion = .http1_1, headers: HTTPHeaders = HTTPHeaders(),
        pathParameters: [String: String] = [:], routePattern: String? = nil,
        bodyLimit: Int = HTTPServerConfiguration.defaultCollectedBodyLimit, requestID: String = "",
        body: HTTPRequestBody = HTTPRequestBody(bytes: [])
    ) {
        self.method = method
        self.target = target
        self.path = path
        self.query = query
        self.version = version
        self.headers = headers
        self.pathParameters = pathParameters
        self.routePattern = routePattern
        self.bodyLimit = bodyLimit
        self.requestID = requestID
        self.body = body
    }

    /// The first value of a query parameter.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }
}
