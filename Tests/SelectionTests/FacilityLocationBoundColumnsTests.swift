import LinearAlgebra
import PropertyBased
import Testing
@testable import Selection

/// The 8-bit bounds of the lazy greedy (FacilityLocationBoundColumns) may be loose but never below
/// the exact gain of coverage.md §2.1, and "nothing positive" must mean an exact gain of 0: either
/// mistake would let the greedy skip the candidate it should pick.
@Suite struct FacilityLocationBoundColumnsTests {
    /// Columns with negatives, zeros, tiny and repeated values; coverage levels taken from the
    /// columns themselves (so levels equal to a value occur), from zero and from between.
    static func columns(seed: UInt64, n: Int, m: Int) -> [Double] {
        var g = SplitMix64(seed: seed)
        return (0..<(n * m)).map { _ in
            let u = Double(g.next() >> 11) * 0x1p-53
            switch g.next() % 8 {
            case 0: return 0
            case 1: return -u
            case 2: return u * 1e-30
            case 3: return 0.25
            default: return Double(Float(u * 2 - 0.5))
            }
        }
    }

    @Test func bound_IsNeverBelowTheExactGain_AndZeroOnlyForAZeroGain() async {
        await propertyCheck(count: 60, input: Gen.int(in: 0...1_000_000), Gen.int(in: 1...40), Gen.int(in: 1...70)) { seed, n, m in
            let values = Self.columns(seed: UInt64(seed), n: n, m: m)
            // Unequal weights, one in seven far below the rest (its byte weight rounds up to 1).
            let weights: [Double] = (0..<m).map { i in
                let w = 1.0 / Double(m + i % 3)
                return i % 7 == 6 ? w * 1e-3 : w
            }
            let greedy = FacilityLocationGreedy(targetCount: m, candidateCount: n, columns: values, weights: weights)
            let bounds = try FacilityLocationBoundColumns(columns: values, targetCount: m, candidateCount: n, vectorized: false, pool: WorkerPool(width: 1))
            let (byteWeights, scale) = bounds.byteWeights(weights)
            var g = SplitMix64(seed: UInt64(seed) ^ 0x5EED)
            var cur = [Double](repeating: 0, count: m)
            for _ in 0..<4 {
                var levels = [UInt8](repeating: 0, count: bounds.paddedCount)
                for i in 0..<m { levels[i] = cur[i].isInfinite ? 255 : bounds.level(cur[i], target: i) }
                for j in 0..<n {
                    let exact = cur.withUnsafeBufferPointer { c in
                        values.withUnsafeBufferPointer { v in
                            weights.withUnsafeBufferPointer { w in greedy.gain(of: j, cur: c.baseAddress!, columns: v.baseAddress!, weights: w.baseAddress!) }
                        }
                    }
                    let sum = bounds.storage.withUnsafeBufferPointer { q in
                        levels.withUnsafeBufferPointer { l in
                            byteWeights.withUnsafeBufferPointer { w in bounds.sum(of: j, storage: q.baseAddress!, levels: l.baseAddress!, weights: w.baseAddress!) }
                        }
                    }
                    #expect(bounds.bound(sum: sum, weightScale: scale) >= exact, "candidate \(j): bound below the gain \(exact)")
                    if sum == 0 { #expect(exact == 0, "candidate \(j): zero sum but gain \(exact)") }
                }
                // Cover some targets by a random column (as a pick does), some halfway; saturate
                // one now and then (the greedy's level 255: its term is 0).
                let pick = Int(g.next() % UInt64(n))
                for i in 0..<m where g.next() % 2 == 0 { cur[i] = max(cur[i], values[pick * m + i] * (g.next() % 2 == 0 ? 1 : 0.5)) }
                if g.next() % 3 == 0 { cur[Int(g.next() % UInt64(m))] = .infinity }
            }
        }
    }

    /// The AVX-512 VNNI kernel adds the same integers as the portable loop: the same sum, exactly.
    @Test(.enabled(if: ByteCodes.isSupported, "the kernel needs AVX-512 VL + VNNI"))
    func kernelSum_EqualsThePortableSum() async {
        await propertyCheck(count: 60, input: Gen.int(in: 0...1_000_000), Gen.int(in: 1...300)) { seed, m in
            let padded = FacilityLocationBoundColumns.paddedCount(targetCount: m)
            var g = SplitMix64(seed: UInt64(seed))
            let codes = (0..<padded).map { $0 < m ? UInt8(truncatingIfNeeded: g.next()) : 0 }
            let levels = (0..<padded).map { _ in g.next() % 4 == 0 ? 255 : UInt8(truncatingIfNeeded: g.next()) }
            let weights = (0..<padded).map { $0 < m ? Int8(g.next() % 128) : 0 }
            codes.withUnsafeBufferPointer { c in
                levels.withUnsafeBufferPointer { l in
                    weights.withUnsafeBufferPointer { w in
                        let fast = ByteCodes.sum(codes: c.baseAddress!, levels: l.baseAddress!, weights: w.baseAddress!, count: padded)
                        let slow = ByteCodes.portableSum(codes: c.baseAddress!, levels: l.baseAddress!, weights: w.baseAddress!, count: padded)
                        #expect(fast == slow, "m = \(m)")
                    }
                }
            }
        }
    }

    /// The eight-wide encoder (its conversion rounds towards +infinity) gives the portable loop's
    /// codes: values on and between the code grid, negatives, zeros, past the top, any length.
    @Test(.enabled(if: ByteCodes.encodesVectorized, "the encoder needs AVX-512 F + VL"))
    func vectorEncoder_GivesThePortableCodes() async {
        await propertyCheck(count: 100, input: Gen.int(in: 0...1_000_000), Gen.int(in: 0...70)) { seed, m in
            var g = SplitMix64(seed: UInt64(seed))
            let column: [Double] = (0..<m).map { _ in
                switch g.next() % 4 {
                case 0: return Double(Int(g.next() % 300)) / 255     // on the grid of an inverse of 255
                case 1: return -Double(g.next() % 1000) / 1000
                case 2: return 0
                default: return Double(g.next() >> 11) * 0x1p-53 * 1.2
                }
            }
            let inverses = (0..<m).map { _ in g.next() % 5 == 0 ? 0 : 255.0 * (1 + Double(g.next() % 3) * 0x1p-39) }
            var fast = [UInt8](repeating: 7, count: m), slow = [UInt8](repeating: 9, count: m)
            column.withUnsafeBufferPointer { c in
                inverses.withUnsafeBufferPointer { v in
                    let (cb, vb) = (c.baseAddress ?? UnsafePointer(bitPattern: 8)!, v.baseAddress ?? UnsafePointer(bitPattern: 8)!)
                    fast.withUnsafeMutableBufferPointer { ByteCodes.encode(cb, inverses: vb, count: m, into: $0.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!, vectorized: true) }
                    slow.withUnsafeMutableBufferPointer { ByteCodes.encode(cb, inverses: vb, count: m, into: $0.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!, vectorized: false) }
                }
            }
            #expect(fast == slow)
            for i in 0..<m { #expect(Double(slow[i]) >= min(255, column[i] * inverses[i]), "code \(slow[i]) below \(column[i] * inverses[i])") }
        }
    }

    /// The largest sums (every code 255, every level 0, every weight 127) at 65,536 targets stay in 32 bits.
    @Test func largestSum_AtMaxTargets_FitsIn32Bits() {
        let m = FacilityLocationBoundColumns.maxTargets
        let (codes, levels, weights) = ([UInt8](repeating: 255, count: m), [UInt8](repeating: 0, count: m), [Int8](repeating: 127, count: m))
        codes.withUnsafeBufferPointer { c in
            levels.withUnsafeBufferPointer { l in
                weights.withUnsafeBufferPointer { w in
                    #expect(ByteCodes.portableSum(codes: c.baseAddress!, levels: l.baseAddress!, weights: w.baseAddress!, count: m) == Int32(m) * 255 * 127)
                    if ByteCodes.isSupported {
                        #expect(ByteCodes.sum(codes: c.baseAddress!, levels: l.baseAddress!, weights: w.baseAddress!, count: m) == Int32(m) * 255 * 127)
                    }
                }
            }
        }
    }
}
