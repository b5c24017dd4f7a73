import Foundation
import PropertyBased
import Testing
@testable import LinearAlgebra

@Suite struct VectorExpTests {
    /// Distance in units in the last place between two non-negative finite doubles.
    static func ulps(_ a: Double, _ b: Double) -> Int64 {
        abs(Int64(bitPattern: a.bitPattern) - Int64(bitPattern: b.bitPattern))
    }

    static func vectorExp(_ xs: [Double]) -> [Double] {
        var out = [Double](repeating: .nan, count: xs.count)
        xs.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in VectorExp.exp(x.baseAddress!, into: o.baseAddress!, count: xs.count) }
        }
        return out
    }

    /// Uniform samples over [lo, hi], from SplitMix64.
    static func samples(_ count: Int, in lo: Double, _ hi: Double, seed: UInt64) -> [Double] {
        var g = SplitMix64(seed: seed)
        return (0..<count).map { _ in lo + (hi - lo) * Double(g.next() >> 11) / Double(1 << 53) }
    }

    static func maxUlps(_ xs: [Double]) -> Int64 {
        zip(vectorExp(xs), xs).reduce(0) { worst, pair in max(worst, ulps(pair.0, Foundation.exp(pair.1))) }
    }

    @Test(arguments: [(-708.0, 709.7), (-1.0, 1.0), (-60.0, 0.0), (-1e-8, 1e-8)])
    func exp_IsWithinTwoUlps_OfFoundation_OverNormalResults(_ range: (Double, Double)) {
        let xs = Self.samples(200_000, in: range.0, range.1, seed: range.0.bitPattern % 1000)
        #expect(Self.maxUlps(xs) <= 2)
    }

    @Test func exp_OfHalfIntegerMultiplesOfLn2_IsWithinTwoUlps() {
        // The reduction boundaries: r = ±ln2/2 exactly, where the rounding of k switches.
        let halfLn2: Double = 0.5 * M_LN2
        let xs: [Double] = (-2040...2040).map { (i: Int) -> Double in Double(i) * halfLn2 }.filter { (x: Double) -> Bool in x > -708 && x < 709.7 }
        #expect(Self.maxUlps(xs) <= 2)
    }

    @Test func exp_OfSubnormalResults_IsWithinTwoOfTheSmallestStep() {
        let xs = Self.samples(50_000, in: -745.1, -708.4, seed: 9)
        for (got, x) in zip(Self.vectorExp(xs), xs) {
            #expect(abs(got - Foundation.exp(x)) <= 2 * Double.leastNonzeroMagnitude, "exp(\(x))")
        }
    }

    @Test func exp_HandlesTheEdges() {
        let xs: [Double] = [0, -0.0, -.infinity, -800, -745.2, .infinity, 710, 709.78, .nan, 1]
        let got = Self.vectorExp(xs)
        #expect(got[0] == 1 && got[1] == 1)
        #expect(got[2] == 0 && got[3] == 0 && got[4] == 0)
        #expect(got[5] == .infinity && got[6] == .infinity)
        #expect(got[7].isFinite && Self.ulps(got[7], Foundation.exp(709.78)) <= 2)
        #expect(got[8].isNaN)
        #expect(Self.ulps(got[9], M_E) <= 1)
    }

    @Test func exp_GivesTheSameBits_AtAnyPositionOfABuffer_AndInPlace() async {
        await propertyCheck(count: 60, input: Gen.int(in: 0...1_000_000), Gen.int(in: 1...37)) { seed, count in
            let xs = Self.samples(count, in: -50, 50, seed: UInt64(seed))
            let whole = Self.vectorExp(xs)
            var inPlace = xs
            inPlace.withUnsafeMutableBufferPointer { VectorExp.expInPlace($0) }
            #expect(inPlace == whole)
            for (i, x) in xs.enumerated() {
                #expect(whole[i].bitPattern == VectorExp.exp(SIMD8(repeating: x))[0].bitPattern, "element \(i) of \(count)")
            }
        }
    }
}
