import Foundation

/// Milliseconds spent per stage of one exemplar request; the ranker marks the end of its first
/// stage through `SelectionControl.progress`, so that mark may come from inside the engine.
final class ExemplarTimer: @unchecked Sendable {
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    private let firstStageEnd = Locked<ContinuousClock.Instant?>(nil)
    private(set) var llm = 0.0
    private(set) var embed = 0.0
    private(set) var firstStage = 0.0
    private(set) var rerank = 0.0

    init() { started = clock.now }

    func timeLLM<T>(_ body: () throws -> T) rethrows -> T {
        let t = clock.now
        defer { llm += Self.ms(clock.now - t) }
        return try body()
    }

    func timeEmbed<T>(_ body: () throws -> T) rethrows -> T {
        let t = clock.now
        defer { embed += Self.ms(clock.now - t) }
        return try body()
    }

    /// Times a ranker call, split at the first-stage mark (all first stage when it never came).
    func timeRanking<T>(_ body: () throws -> T) rethrows -> T {
        let t = clock.now
        firstStageEnd.withLock { $0 = nil }
        defer {
            let end = clock.now
            let mark = firstStageEnd.withLock { $0 } ?? end
            firstStage += Self.ms(mark - t)
            rerank += Self.ms(end - mark)
        }
        return try body()
    }

    func markFirstStageEnd() { firstStageEnd.withLock { $0 = clock.now } }

    var total: Double { Self.ms(clock.now - started) }

    static func ms(_ d: Duration) -> Double {
        let (s, atto) = d.components
        return Double(s) * 1000 + Double(atto) / 1e15
    }
}
