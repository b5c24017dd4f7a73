import HTTP
import Selection
import Storage

extension APIError {
    /// Any error a handler throws, as the API error it answers with. Unknown errors become a bare
    /// 500; `isInternal` tells the caller to log the original.
    static func from(_ error: any Error) -> (error: any HTTPErrorConvertible, isInternal: Bool) {
        switch error {
        case let e as APIError: return (e, false)
        case let e as HTTPError: return (e, e.status >= 500)
        case let e as StorageError: return map(e)
        case let e as SelectionError:
            if e.code == .cancelled { return (APIError.unavailable("the request was cancelled"), false) }
            return (APIError(e), false)
        case let e as SQLiteError:
            // SQLITE_BUSY / SQLITE_LOCKED: the database is momentarily unavailable, not broken.
            let primary = e.extendedCode & 0xFF
            if primary == 5 || primary == 6 { return (APIError.unavailable("the database is busy; retry"), false) }
            return (APIError.internalError, true)
        case let e as any HTTPErrorConvertible: return (e, e.httpStatus >= 500)
        default: return (APIError.internalError, true)
        }
    }

    static func map(_ e: StorageError) -> (error: any HTTPErrorConvertible, isInternal: Bool) {
        switch e {
        case let .conflict(what): return (APIError.conflict("\(what) already exists"), false)
        case let .notFound(what): return (APIError.notFound("\(what) not found"), false)
        case let .invalidArgument(parameter, reason): return (APIError.invalid("\(parameter) \(reason)", param: parameter), false)
        case let .featureIncomplete(checkpoint, item, index):
            return (APIError.invalid(
                "feature is incomplete: checkpoint \(checkpoint) has no row for item \"\(item)\" (index \(index))",
                param: "feature", code: "feature_incomplete"), false)
        default: return (APIError.internalError, true)
        }
    }
}
