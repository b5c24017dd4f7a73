/// The module's own error: a status and the fields of the JSON error document of api.md.
public struct HTTPError: HTTPErrorConvertible, Equatable, Sendable {
    public var status: Int
    public var type: String
    public var message: String
    public var code: String?
    public var param: String?
    public var headers: [(String, String)]

    public init(
        status: Int, type: String, message: String, code: String? = nil, param: String? = nil,
        headers: [(String, String)] = []
    ) {
        self.status = status
        self.type = type
        self.message = message
        self.code = code
        self.param = param
        self.headers = headers
    }

    public var httpStatus: Int { status }
    public var httpHeaders: [(String, String)] { headers }
    public var httpErrorBody: [UInt8] {
        JSONErrorDocument.encode(type: type, code: code, message: message, param: param)
    }

    public static func == (lhs: HTTPError, rhs: HTTPError) -> Bool {
        lhs.status == rhs.status && lhs.type == rhs.type && lhs.message == rhs.message
            && lhs.code == rhs.code && lhs.param == rhs.param
            && lhs.headers.elementsEqual(rhs.headers) { $0 == $1 }
    }
}
