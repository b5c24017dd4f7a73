/// How long a job spent in each progress stage, in the order the stages began. The
/// "job finished" log line carries it (`job.stages`), so a slow job shows where its time went
/// (resolving its inputs, the similarity pass, the method, storing the result) without a profiler.
struct JobStageClock: Sendable {
    private var current: (stage: String, since: ContinuousClock.Instant)
    private var finished: [(stage: String, duration: Duration)] = []

    init(stage: String, now: ContinuousClock.Instant = .now) {
        current = (stage, now)
    }

    /// Starts `stage`; a report of the stage already running changes nothing.
    mutating func enter(_ stage: String, now: ContinuousClock.Instant = .now) {
        guard stage != current.stage else { return }
        finished.append((current.stage, current.since.duration(to: now)))
        current = (stage, now)
    }

    /// "starting 2 ms, resolving 310 ms, similarity 2412 ms", the running stage counted up to `now`.
    func summary(now: ContinuousClock.Instant = .now) -> String {
        (finished + [(current.stage, current.since.duration(to: now))])
            .map { "\($0.stage) \(Self.milliseconds($0.duration)) ms" }
            .joined(separator: ", ")
    }

    private static func milliseconds(_ d: Duration) -> Int64 {
        d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000
    }
}
