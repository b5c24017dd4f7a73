import Testing
@testable import Selection

@Suite struct RowFingerprintTests {
    static func fingerprint(_ row: [Float]) -> RowFingerprint {
        row.withUnsafeBufferPointer { RowFingerprint($0.baseAddress!, count: row.count) }
    }

    @Test func identicalRows_GetIdenticalFingerprints_WhereverTheyAreStored() {
        let row = (0..<37).map { Float($0) * 0.37 - 3 }
        let padded = [Float](repeating: 9, count: 5) + row
        let b = padded.withUnsafeBufferPointer { RowFingerprint($0.baseAddress! + 5, count: 37) }
        #expect(Self.fingerprint(row) == b)
    }

    @Test func flippingAnyOneBit_ChangesTheFingerprint() {
        let row = (0..<19).map { Float($0) / 7 }
        let base = Self.fingerprint(row)
        var seen: Set<RowFingerprint> = [base]
        for i in 0..<row.count {
            for bit in 0..<32 {
                var changed = row
                changed[i] = Float(bitPattern: row[i].bitPattern ^ (1 << UInt32(bit)))
                #expect(seen.insert(Self.fingerprint(changed)).inserted, "collision at element \(i), bit \(bit)")
            }
        }
    }

    /// Sign flips are the likeliest real difference between two gradient rows.
    @Test func negatingAnyOneOrTwoValues_GivesDistinctFingerprints() {
        let row = (0..<29).map { Float($0) * 0.61 - 5 }
        var seen: Set<RowFingerprint> = [Self.fingerprint(row)]
        for i in 0..<row.count {
            for j in i..<row.count {
                var changed = row
                changed[i] = -changed[i]
                if j != i { changed[j] = -changed[j] }
                #expect(seen.insert(Self.fingerprint(changed)).inserted, "collision negating \(i) and \(j)")
            }
        }
    }

    @Test func rowsOfDifferentLengths_Differ() {
        #expect(Self.fingerprint([0, 0, 0, 0, 0, 0, 0, 0]) != Self.fingerprint([0, 0, 0, 0, 0, 0, 0, 0, 0]))
        #expect(Self.fingerprint([]) != Self.fingerprint([0]))
    }
}

extension RowFingerprintTests {
    /// The groups of 8 floats alternate between two chains of state: rows that only swap an even
    /// group with an odd one, or that differ only in a group of either chain, must still differ.
    @Test func swappingOrChangingGroupsOfEitherChain_ChangesTheFingerprint() {
        let row = (0..<40).map { Float($0) * 0.13 + 1 }
        var seen: Set<RowFingerprint> = [Self.fingerprint(row)]
        for (x, y) in [(0, 1), (1, 2), (0, 2), (3, 4)] {
            var swapped = row
            for c in 0..<8 { swapped.swapAt(8 * x + c, 8 * y + c) }
            #expect(seen.insert(Self.fingerprint(swapped)).inserted, "groups \(x) and \(y) swapped")
        }
        for group in 0..<5 {
            var changed = row
            changed[8 * group + 3] = -changed[8 * group + 3]
            #expect(seen.insert(Self.fingerprint(changed)).inserted, "group \(group) changed")
        }
    }
}
