@testable import Service
import Testing

@Suite struct JobStageClockTests {
    static let t0 = ContinuousClock.now

    static func at(_ ms: Int) -> ContinuousClock.Instant { t0.advanced(by: .milliseconds(ms)) }

    @Test func summary_ListsEveryStage_InTheOrderTheyBegan_WithTheRunningOneUpToNow() {
        var clock = JobStageClock(stage: "starting", now: Self.at(0))
        clock.enter("resolving", now: Self.at(3))
        clock.enter("similarity", now: Self.at(313))
        clock.enter("less", now: Self.at(2725))
        #expect(clock.summary(now: Self.at(2800)) == "starting 3 ms, resolving 310 ms, similarity 2412 ms, less 75 ms")
    }

    @Test func enter_TheRunningStageAgain_KeepsOneEntry() {
        var clock = JobStageClock(stage: "similarity", now: Self.at(0))
        clock.enter("similarity", now: Self.at(100))
        clock.enter("similarity", now: Self.at(200))
        #expect(clock.summary(now: Self.at(250)) == "similarity 250 ms")
    }

    @Test func aStageEnteredTwice_IsListedEachTime() {
        var clock = JobStageClock(stage: "similarity", now: Self.at(0))
        clock.enter("quality", now: Self.at(40))
        clock.enter("similarity", now: Self.at(50))
        #expect(clock.summary(now: Self.at(51)) == "similarity 40 ms, quality 10 ms, similarity 1 ms")
    }
}
