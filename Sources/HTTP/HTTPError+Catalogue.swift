/// The protocol-level errors the server itself produces, one factory per `type` of api.md.
extension HTTPError {
    public static func invalidRequest(_ message: String, param: String? = nil) -> HTTPError {
        HTTPError(status: 400, type: "invalid_request", message: message, param: param)
    }

    public static func notFound(_ message: String = "no such route") -> HTTPError {
        HTTPError(status: 404, type: "not_found", message: message)
    }

    public static func methodNotAllowed(allow: [String]) -> HTTPError {
        HTTPError(
            status: 405, type: "method_not_allowed", message: "method not allowed; allowed: \(allow.joined(separator: ", "))",
            headers: [("Allow", allow.joined(separator: ", "))])
    }

    public static func requestTimeout(_ message: String = "request not received in time") -> HTTPError {
        HTTPError(status: 408, type: "request_timeout", message: message)
    }

    public static func payloadTooLarge(limit: Int) -> HTTPError {
        HTTPError(status: 413, type: "payload_too_large", message: "request body exceeds \(limit) bytes")
    }

    public static func uriTooLong(limit: Int) -> HTTPError {
        HTTPError(status: 414, type: "uri_too_long", message: "request line exceeds \(limit) bytes")
    }

    public static func headersTooLarge(_ message: String) -> HTTPError {
        HTTPError(status: 431, type: "headers_too_large", message: message)
    }

    public static let internalError = HTTPError(status: 500, type: "internal", message: "internal error")

    public static func notImplemented(_ message: String) -> HTTPError {
        HTTPError(status: 501, type: "not_implemented", message: message)
    }

    public static func unavailable(_ message: String) -> HTTPError {
        HTTPError(status: 503, type: "unavailable", message: message)
    }

    public static func versionNotSupported(_ version: String) -> HTTPError {
        HTTPError(status: 505, type: "http_version_not_supported", message: "unsupported HTTP version \(version)")
    }
}
