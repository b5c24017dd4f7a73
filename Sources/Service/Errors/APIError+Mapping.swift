import HTTP
import Selection
import Storage

extension APIError {
    /// Any error a handler throws, as the API error it answers with. Unknown errors become a bare
    /// 500; `isInternal` tells the caller to log the original.
    static func from(_ error: any Error) -> (error: APIError, isInternal: Bool) {
        switch error {
        case let e as APIError: return (e, false)
        case let e as HTTPError: return (APIError(e), e.status.isServerError)
        case let e as NPYError: return (e.apiError, false)
        case let e as EngineError: return (APIError(status: 502, type: "upstream_error", code: "engine_failed", message: e.description), false)
        case let e as StorageError: return map(e)
        case let e as SelectionError:
            if e.code == .cancelled { return (APIError.unavailable("the request was cancelled"), false) }
            return (APIError(e), false)
        case let e as SQLiteError:
            // Busy or locked: the database is momentarily unavailable, not broken.
            if e.isBusy { return (APIError.unavailable("the database is busy; retry"), false) }
            return (APIError.internalError, true)
        default: return (APIError.internalError, true)
        }
    }

    static func map(_ e: StorageError) -> (error: APIError, isInternal: Bool) {
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
