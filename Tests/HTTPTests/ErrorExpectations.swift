import Testing
@testable import HTTP

/// Runs `body` and returns the HTTPError it threw (nil, recorded as a failure, if none).
func httpError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> HTTPError? {
    do {
        try body()
        Issue.record("expected an HTTPError", sourceLocation: sourceLocation)
        return nil
    } catch let error as HTTPError {
        return error
    } catch {
        Issue.record("expected an HTTPError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
