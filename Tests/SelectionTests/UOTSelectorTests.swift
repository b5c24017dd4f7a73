import LinearAlgebra
import Selection
import Testing

@Suite struct UOTSelectorTests {
    /// A zero candidate has cost 0.5 to every target; at eps 1e-4 its kernel column underflows to
    /// 0, so t_j = 0 and the guard keeps the previous scalings.
    @Test func underflowingKernel_StopsWithTheNumericGuard() throws {
        var data = SyntheticInput(seed: 31, n: 12, m: 3, d: 4)
        for c in 0..<4 { data.candidates[5, c] = 0 }
        let result = try runSelector(UOTSelector.self, data.input(), k: 12, parameters: ["eps": .double(1e-4)])
        #expect(result.diagnostic("stop") == .string("numeric_guard"))
        #expect(result.diagnostic("iterations") == .int(1))
        #expect(result.scores?.allSatisfy { $0.isFinite } == true)
    }

    @Test func iterationCap_StopsWithMaxIter() throws {
        let data = SyntheticInput(seed: 32, n: 12, m: 3, d: 4)
        let result = try runSelector(UOTSelector.self, data.input(), k: 3, parameters: ["max_iter": .int(2), "tol": .double(1e-300)])
        #expect(result.diagnostic("stop") == .string("max_iter"))
        #expect(result.diagnostic("iterations") == .int(2))
    }

    @Test func defaults_Converge_AndRankByMass() throws {
        let data = SyntheticInput(seed: 33, n: 30, m: 4, d: 6)
        let result = try runSelector(UOTSelector.self, data.input(), k: 30)
        #expect(result.diagnostic("stop") == .string("converged"))
        guard case let .array(all)? = result.diagnostic("all_scores") else {
            Issue.record("all_scores missing")
            return
        }
        let mass = all.compactMap(\.doubleValue)
        #expect(result.order == Ranking.order(mass))
        #expect(result.scores == result.order.map { mass[$0] })
    }

    @Test func identicalCandidates_GetIdenticalMasses() throws {
        var data = SyntheticInput(seed: 34, n: 40, m: 5, d: 6)
        data = data.duplicatingCandidate(2, onto: 17).duplicatingCandidate(2, onto: 39)
        let result = try runSelector(UOTSelector.self, data.input(blockRows: 3), k: 40)
        guard case let .array(all)? = result.diagnostic("all_scores") else {
            Issue.record("all_scores missing")
            return
        }
        #expect(all[2] == all[17])
        #expect(all[2] == all[39])
        let positions = [2, 17, 39].compactMap { result.order.firstIndex(of: $0) }
        #expect(positions == positions.sorted())
    }
}
