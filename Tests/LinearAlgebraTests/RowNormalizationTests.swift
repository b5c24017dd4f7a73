import Testing
@testable import LinearAlgebra

@Suite struct RowNormalizationTests {
    @Test func normalizeRows_GivesUnitRows_AndKeepsZeroRowsZero() {
        var m = Matrix(rows: 3, cols: 2, values: [3, 4, 0, 0, 1e-20, 0])
        m.normalizeRows()
        #expect(m.values[0] == 0.6 && m.values[1] == 0.8)
        #expect(m.values[2] == 0 && m.values[3] == 0)
        // Below the 1e-12 floor the row is divided by 1e-12, not blown up to a unit vector.
        #expect(m.values[4] == Float(1e-20) / Float(1e-12))
    }

    @Test func normalizeRows_GivesBitIdenticalRows_ForIdenticalInputs() {
        var r = TestRandom(seed: 2)
        let row = r.matrix(1, 37).values
        var m = Matrix(rows: 5, cols: 37, values: Array([[Float]](repeating: row, count: 5).joined()))
        m.normalizeRows()
        for i in 1..<5 { #expect(m.row(i) == m.row(0)) }
    }
}
