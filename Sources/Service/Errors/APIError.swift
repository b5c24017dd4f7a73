import HTTP
import JSON
import Selection

/// Every error the API returns: a status, the coarse `type`, an optional precise `code`, a message
/// and the `param` (JSON path or `line N`) at fault. Handlers simply throw; the service's error
/// responder (`APIError.response(for:)`) renders this document for every error answer.
public struct APIError: Error, Sendable, Equatable, CustomStringConvertible {
    public let status: HTTPStatus
    public let type: String
    public let code: String?
    public let message: String
    public let param: String?
    public var upstreamStatus: Int?
    public var extraHeaders: [(String, String)] = []

    public init(status: HTTPStatus, type: String, code: String? = nil, message: String, param: String? = nil, upstreamStatus: Int? = nil) {
        self.status = status
        self.type = type
        self.code = code
        self.message = message
        self.param = param
        self.upstreamStatus = upstreamStatus
    }

    public static func == (a: APIError, b: APIError) -> Bool {
        a.status == b.status && a.type == b.type && a.code == b.code && a.message == b.message && a.param == b.param
            && a.upstreamStatus == b.upstreamStatus
    }

    public var description: String { "\(status) \(type)\(code.map { "/\($0)" } ?? ""): \(message)\(param.map { " [\($0)]" } ?? "")" }

    public static func invalid(_ message: String, param: String? = nil, code: String? = nil) -> APIError {
        APIError(status: 400, type: "invalid_request", code: code, message: message, param: param)
    }

    public static func notFound(_ message: String, param: String? = nil) -> APIError {
        APIError(status: 404, type: "not_found", message: message, param: param)
    }

    public static func conflict(_ message: String, param: String? = nil, code: String? = nil) -> APIError {
        APIError(status: 409, type: "conflict", code: code, message: message, param: param)
    }

    public static func tooLarge(_ message: String, param: String? = nil) -> APIError {
        APIError(status: 413, type: "payload_too_large", message: message, param: param)
    }

    public static func unavailable(_ message: String) -> APIError {
        APIError(status: 503, type: "unavailable", message: message)
    }

    public static let internalError = APIError(status: 500, type: "internal", message: "internal error")

    /// The JSON error document of docs/api.md.
    public var body: JSONValue {
        var inner: [JSONValue.Member] = [JSONValue.Member("type", .string(type))]
        if let code { inner.append(JSONValue.Member("code", .string(code))) }
        inner.append(JSONValue.Member("message", .string(message)))
        if let param { inner.append(JSONValue.Member("param", .string(param))) }
        if let upstreamStatus { inner.append(JSONValue.Member("upstream_status", .int(upstreamStatus))) }
        return .object([JSONValue.Member("error", .object(inner))])
    }
}

extension APIError {
    /// The HTTP answer: this document, with the headers the error asks for (`WWW-Authenticate`).
    public var response: HTTPResponse {
        var response = HTTPResponse.json(status, JSONWriter.encode(body))
        for (name, value) in extraHeaders { response.headers.set(name, value) }
        return response
    }
}

extension APIError {
    /// An engine error as a 400 naming the parameter under the request's `prefix` (`params.`,
    /// `budget.`); cancellation is not a client error and never reaches here from a request.
    public init(_ e: SelectionError, paramPrefix: (String) -> String? = { $0 }) {
        self.init(status: 400, type: "invalid_request", code: e.code.rawValue, message: e.message, param: e.parameter.flatMap(paramPrefix))
    }
}
