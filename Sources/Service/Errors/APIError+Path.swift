import Selection

extension APIError {
    /// This error as raised inside the JSON object at `path` (an evaluation's `arms[2]`): the
    /// param gains the prefix and the message names the object, so a nested body's errors point
    /// at the field the client sent.
    func under(_ path: String) -> APIError {
        var e = APIError(status: status, type: type, code: code, message: "\(path): \(message)",
                         param: param.map { "\(path).\($0)" } ?? path, upstreamStatus: upstreamStatus)
        e.extraHeaders = extraHeaders
        return e
    }

    /// Runs `body`, re-raising its API and validation errors `under(path)`.
    static func under<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as APIError {
            throw e.under(path)
        } catch let e as SelectionError {
            throw APIError(e).under(path)
        }
    }
}
