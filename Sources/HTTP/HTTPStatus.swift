/// A response status code. Integer literals convert, so `HTTPResponse(status: 204)` reads as the
/// wire does; the named constants are for code that branches on a status.
public struct HTTPStatus: Hashable, Comparable, Sendable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    public let code: Int

    public init(_ code: Int) { self.code = code }
    public init(integerLiteral value: Int) { self.code = value }

    public var description: String { String(code) }
    public var isServerError: Bool { code >= 500 }
    public var isClientError: Bool { (400..<500).contains(code) }
    /// Statuses that never carry a body (RFC 9110 §15.2, §15.3.5, §15.4.5).
    public var forbidsBody: Bool { code < 200 || code == 204 || code == 304 }

    public static func < (a: HTTPStatus, b: HTTPStatus) -> Bool { a.code < b.code }

    public static let `continue`: HTTPStatus = 100
    public static let ok: HTTPStatus = 200
    public static let created: HTTPStatus = 201
    public static let accepted: HTTPStatus = 202
    public static let noContent: HTTPStatus = 204
    public static let partialContent: HTTPStatus = 206
    public static let badRequest: HTTPStatus = 400
    public static let unauthorized: HTTPStatus = 401
    public static let forbidden: HTTPStatus = 403
    public static let notFound: HTTPStatus = 404
    public static let methodNotAllowed: HTTPStatus = 405
    public static let requestTimeout: HTTPStatus = 408
    public static let conflict: HTTPStatus = 409
    public static let contentTooLarge: HTTPStatus = 413
    public static let uriTooLong: HTTPStatus = 414
    public static let unsupportedMediaType: HTTPStatus = 415
    public static let expectationFailed: HTTPStatus = 417
    public static let unprocessableContent: HTTPStatus = 422
    public static let tooManyRequests: HTTPStatus = 429
    public static let requestHeaderFieldsTooLarge: HTTPStatus = 431
    public static let internalServerError: HTTPStatus = 500
    public static let notImplemented: HTTPStatus = 501
    public static let badGateway: HTTPStatus = 502
    public static let serviceUnavailable: HTTPStatus = 503
    public static let gatewayTimeout: HTTPStatus = 504
    public static let httpVersionNotSupported: HTTPStatus = 505
}
