import Foundation

/// Where CLI output goes: stdout/stderr, or a capture buffer in tests (which then run serialized).
final class Console: @unchecked Sendable {
    static let shared = Console()
    private let lock = NSLock()
    private var captured: (out: String, err: String)?

    func out(_ text: String) {
        if appendCaptured(text, toError: false) { return }
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    func err(_ text: String, newline: Bool = true) {
        if appendCaptured(text + (newline ? "\n" : ""), toError: true) { return }
        FileHandle.standardError.write(Data((text + (newline ? "\n" : "")).utf8))
    }

    /// Progress bars only make sense on a terminal; never in captures or pipes.
    var stderrIsTerminal: Bool {
        lock.withLock { captured == nil } && isatty(STDERR_FILENO) == 1
    }

    /// Runs `body` with output captured; returns what it wrote (stdout lines end with "\n").
    func capture(_ body: () throws -> Void) rethrows -> (out: String, err: String) {
        lock.withLock { captured = ("", "") }
        defer { lock.withLock { captured = nil } }
        try body()
        return lock.withLock { captured ?? ("", "") }
    }

    private func appendCaptured(_ text: String, toError: Bool) -> Bool {
        lock.withLock {
            guard captured != nil else { return false }
            if toError { captured!.err += text } else { captured!.out += text + "\n" }
            return true
        }
    }
}
