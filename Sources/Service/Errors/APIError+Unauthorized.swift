extension APIError {
    /// 401 with the challenge RFC 6750 asks for; the message never echoes what was sent.
    static var unauthorized: APIError {
        var e = APIError(status: 401, type: "unauthorized", message: "missing or invalid API key: send 'Authorization: Bearer <key>'")
        e.extraHeaders = [("WWW-Authenticate", "Bearer")]
        return e
    }
}
