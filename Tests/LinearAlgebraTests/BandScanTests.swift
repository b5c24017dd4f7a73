import PropertyBased
import Testing
@testable import LinearAlgebra

/// The band sweep's list scans (BandScan) against their definition: the kept list, the hits and
/// the rebuilt list in order, with bounds on a coarse grid (many equal to the floor or the band),
/// -infinity for picked candidates, lists of every length around the 8-wide vector steps.
@Suite struct BandScanTests {
    static func bounds(_ n: Int, _ g: inout SplitMix64) -> [Double] {
        (0..<n).map { _ in g.next() % 9 == 0 ? -.infinity : Double(g.next() % 8) / 4 }
    }

    @Test func band_KeepsAndHits_InListOrder_AsTheDefinition() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...1_000_000), Gen.int(in: 0...70), Gen.int(in: 0...8), Gen.int(in: 0...8)) { seed, n, f, b in
            var g = SplitMix64(seed: UInt64(seed))
            let ub = Self.bounds(max(n, 1) * 2, &g)
            let list = (0..<n).map { _ in Int32(g.next() % UInt64(ub.count)) }.sorted()
            let (floor, band) = (Double(min(f, b)) / 4, Double(max(f, b)) / 4)
            let kept = list.filter { !(ub[Int($0)] < floor) }
            let hit = kept.filter { !(ub[Int($0)] < band) }
            for vectorized in [false, true] where !vectorized || BandScan.isSupported {
                var active = list + [Int32](repeating: -7, count: 1)
                var hits = [Int32](repeating: -1, count: max(n, 1))
                let counts = ub.withUnsafeBufferPointer { u in
                    active.withUnsafeMutableBufferPointer { a in
                        hits.withUnsafeMutableBufferPointer { h in
                            BandScan.band(a.baseAddress!, count: n, bounds: u.baseAddress!, floor: floor, band: band, hits: h.baseAddress!, vectorized: vectorized)
                        }
                    }
                }
                #expect(Array(active[0..<counts.kept]) == kept, "vectorized \(vectorized)")
                #expect(Array(hits[0..<counts.hits]) == hit, "vectorized \(vectorized)")
                #expect(active[n] == -7, "wrote past the list")
            }
        }
    }

    @Test func rebuild_ListsEveryIndexReachingTheFloor_InOrder() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...1_000_000), Gen.int(in: 0...70), Gen.int(in: 0...8)) { seed, n, f in
            var g = SplitMix64(seed: UInt64(seed))
            let ub = Self.bounds(n, &g)
            let floor = Double(f) / 4
            let want = (0..<n).filter { !(ub[$0] < floor) }.map { Int32($0) }
            for vectorized in [false, true] where !vectorized || BandScan.isSupported {
                var active = [Int32](repeating: -1, count: n + 1)
                let count = ub.withUnsafeBufferPointer { u in
                    active.withUnsafeMutableBufferPointer { a in
                        BandScan.rebuild(bounds: u.baseAddress ?? UnsafePointer(bitPattern: 8)!, count: n, floor: floor, into: a.baseAddress!, vectorized: vectorized)
                    }
                }
                #expect(Array(active[0..<count]) == want, "vectorized \(vectorized)")
            }
        }
    }
}
