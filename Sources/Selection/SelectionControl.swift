/// How a long computation talks to its caller: a cancellation check polled inside block and
/// iteration loops, and progress reports (`stage`, `done`, `total`).
public struct SelectionControl: Sendable {
    public var isCancelled: @Sendable () -> Bool
    public var progress: @Sendable (_ stage: String, _ done: Int, _ total: Int) -> Void

    public init(
        isCancelled: @escaping @Sendable () -> Bool = { false },
        progress: @escaping @Sendable (_ stage: String, _ done: Int, _ total: Int) -> Void = { _, _, _ in }
    ) {
        self.isCancelled = isCancelled
        self.progress = progress
    }

    public static let none = SelectionControl()

    /// Throws `SelectionError(.cancelled)` once the caller has asked to stop.
    public func checkCancelled() throws {
        if isCancelled() { throw SelectionError(.cancelled, "cancelled") }
    }
}
