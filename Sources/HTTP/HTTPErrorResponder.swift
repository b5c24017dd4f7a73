/// Turns any error a handler threw, or the server raised, into the answer sent: the application
/// owns its error document (as with Hummingbird's error middleware), the server only frames it.
/// It must not throw and should reveal nothing of errors it does not know.
public typealias HTTPErrorResponder = @Sendable (any Error) -> HTTPResponse

extension HTTPResponse {
    /// The default responder: an `HTTPError`'s status, headers and message as plain text; any
    /// other error is a bare 500.
    public static func plainTextError(_ error: any Error) -> HTTPResponse {
        let httpError = error as? HTTPError ?? .internalError
        let text = httpError.message + (httpError.param.map { " (\($0))" } ?? "") + "\n"
        var response = HTTPResponse.text(httpError.status, text)
        for (name, value) in httpError.headers { response.headers.set(name, value) }
        return response
    }
}
