/// The protocol-level errors the server itself produces.
extension HTTPError {
    public static func invalidRequest(_ message: String, param: String? = nil) -> HTTPError {
        HTTPError(status: .badRequest, message: message, param: param)
    }

    public static func notFound(_ message: String = "no such route") -> HTTPError {
        HTTPError(status: .notFound, message: message)
    }

    public static func methodNotAllowed(allow: [HTTPMethod]) -> HTTPError {
        let list = allow.map(\.rawValue).joined(separator: ", ")
        return HTTPError(status: .methodNotAllowed, message: "method not allowed; allowed: \(list)", headers: [("Allow", list)])
    }

    public static func requestTimeout(_ message: String = "request not received in time") -> HTTPError {
        HTTPError(status: .requestTimeout, message: message)
    }

    public static func payloadTooLarge(limit: Int) -> HTTPError {
        HTTPError(status: .contentTooLarge, message: "request body exceeds \(limit) bytes")
    }

    public static func uriTooLong(limit: Int) -> HTTPError {
        HTTPError(status: .uriTooLong, message: "request line exceeds \(limit) bytes")
    }

    public static func headersTooLarge(_ message: String) -> HTTPError {
        HTTPError(status: .requestHeaderFieldsTooLarge, message: message)
    }

    public static let internalError = HTTPError(status: .internalServerError, message: "internal error")

    public static func notImplemented(_ message: String) -> HTTPError {
        HTTPError(status: .notImplemented, message: message)
    }

    public static func unavailable(_ message: String) -> HTTPError {
        HTTPError(status: .serviceUnavailable, message: message)
    }

    public static func versionNotSupported(_ version: String) -> HTTPError {
        HTTPError(status: .httpVersionNotSupported, message: "unsupported HTTP version \(version)")
    }
}
