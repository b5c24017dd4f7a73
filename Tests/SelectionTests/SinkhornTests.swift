import Testing
import PropertyBased
import Foundation
import LinearAlgebra
@testable import Selection

@Suite struct SinkhornTests {
    /// Random unit rows (n x d) as plain arrays.
    static func unitRows(_ random: inout RandomRows, n: Int, d: Int) -> [[Double]] {
        (0..<n).map { _ in
            let v = (0..<d).map { _ in Double(random.value()) + 0.01 }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return v.map { $0 / norm }
        }
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

    static func diameter(_ x: [[Double]], _ y: [[Double]]) -> Double {
        let all = x + y
        let d = all[0].count
        return (0..<d).map { c in
            let col = all.map { $0[c] }
            return (col.max()! - col.min()!) * (col.max()! - col.min()!)
        }.reduce(0, +).squareRoot()
    }

    static func solve(_ x: [[Double]], _ y: [[Double]]) -> Sinkhorn.Output {
        Sinkhorn(n: x.count, m: y.count, diameter: diameter(x, y)) { i, j in dot(x[i], y[j]) }.run()
    }

    @Test func schedule_StartsAtTheSquaredDiameter_HalvesTheBlurScale_AndEndsAtBlurSquared() {
        let eps = Sinkhorn.epsilonSchedule(diameter: 2)
        // start 2 ln 2, stop 2 ln 0.01, step 2 ln 0.5: ceil((ln 0.01 - ln 2) / ln 0.5) = 8 interior values.
        #expect(eps.count == 10)
        #expect(eps.first == 4)
        #expect(eps.last == 1e-4)
        for i in 1..<(eps.count - 2) { #expect(abs(eps[i + 1] / eps[i] - 0.25) < 1e-12) }
    }

    @Test func swappingTheTwoSets_SwapsThePotentialsExactly_AndKeepsTheCost() async {
        await propertyCheck(count: 30, input: Gen.int(in: 0...1_000_000), Gen.int(in: 1...9), Gen.int(in: 1...9)) { seed, n, m in
            var random = RandomRows(seed: UInt64(seed))
            let x = Self.unitRows(&random, n: n, d: 4), y = Self.unitRows(&random, n: m, d: 4)
            let forward = Self.solve(x, y)
            let backward = Self.solve(y, x)
            #expect(forward.f == backward.g)
            #expect(forward.g == backward.f)
            #expect(abs(forward.cost - backward.cost) <= 1e-14 * abs(forward.cost))
        }
    }

    @Test func permutingThePoints_PermutesThePotentials() async {
        await propertyCheck(count: 30, input: Gen.int(in: 0...1_000_000), Gen.int(in: 2...9)) { seed, n in
            var random = RandomRows(seed: UInt64(seed))
            let x = Self.unitRows(&random, n: n, d: 3), y = Self.unitRows(&random, n: 5, d: 3)
            let perm = SplitMix64.permutation(n, seed: UInt64(seed))
            let base = Self.solve(x, y)
            let permuted = Self.solve(perm.map { x[$0] }, y)
            for (r, i) in perm.enumerated() { #expect(abs(permuted.f[r] - base.f[i]) <= 1e-12) }
            #expect(abs(permuted.cost - base.cost) <= 1e-12)
        }
    }

    @Test func theSameInput_GivesABitIdenticalOutput() {
        var random = RandomRows(seed: 3)
        let x = Self.unitRows(&random, n: 7, d: 5), y = Self.unitRows(&random, n: 4, d: 5)
        #expect(Self.solve(x, y) == Self.solve(x, y))
    }

    @Test func transportBetweenASetAndItself_CostsLessThanToAFarSet() {
        var random = RandomRows(seed: 11)
        let x = Self.unitRows(&random, n: 6, d: 3)
        let far = x.map { $0.map { -$0 } }
        #expect(Self.solve(x, x).cost < Self.solve(x, far).cost)
    }

    @Test func identicalPoints_UseTheBlurAsDiameter_AndStayFinite() {
        let p = [[1.0, 0.0]]
        let out = Sinkhorn(n: 3, m: 2, diameter: 0) { _, _ in Self.dot(p[0], p[0]) }.run()
        #expect(out.cost.isFinite)
        let finite = out.f.allSatisfy { $0.isFinite }
        #expect(finite)
        let schedule = Sinkhorn.epsilonSchedule(diameter: Sinkhorn.blur)
        #expect(schedule.count == 2)
    }
}
