import Foundation

/// Waits until `condition` holds, checking every `interval`, for at most `seconds`; returns
/// whether it held. Tests wait on what they can observe (a status, a counter, a flag), never
/// for a fixed time: the bound is generous and only decides how long a failing test hangs.
public func eventually(within seconds: Double = 20, interval: Double = 0.01, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: interval)
    }
    return try condition()
}

/// `eventually`, throwing `TestFailure("timed out waiting until <what>")` when it does not hold.
public func waitUntil(_ what: String, within seconds: Double = 20, _ condition: () throws -> Bool) throws {
    guard try eventually(within: seconds, condition) else { throw TestFailure("timed out after \(seconds) s waiting until \(what)") }
}
