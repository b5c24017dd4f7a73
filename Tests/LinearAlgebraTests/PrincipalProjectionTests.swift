import Foundation
import Testing
@testable import LinearAlgebra
import TestSupport

/// The projection against numpy's PCA (scripts/make_projection_fixture.py): mean, axes (with the
/// sign rule applied on both sides), variances, trace and coordinates.
@Suite struct PrincipalProjectionTests {
    struct Case: Decodable {
        struct Expected: Decodable {
            let mean: [Double], axes: [[Double]], variances: [Double]
            let total_variance: Double
            let coordinates: [[Double]], other_coordinates: [[Double]]
        }
        let `case`: String
        let rows: [[Float]]
        let others: [[Float]]
        let expected: Expected
    }

    static let caseNames = ["rotated_gaussian", "two_blocks", "wide"]

    static func load(_ name: String) throws -> Case {
        let data = try Data(contentsOf: RepositoryFiles.fixture("projection/\(name).json"))
        return try JSONDecoder().decode(Case.self, from: data)
    }

    @Test(arguments: caseNames)
    func fit_MatchesNumpysPCA_UpToTheSignRule(name: String) throws {
        let fixture = try Self.load(name)
        let d = fixture.rows[0].count
        let flat = fixture.rows.flatMap { $0 }
        let projection = try flat.withUnsafeBufferPointer { try PrincipalProjection.fit(rows: $0, count: fixture.rows.count, dim: d) }
        #expect(relativeError(projection.mean, fixture.expected.mean) < 1e-12)
        #expect(relativeError(projection.axes.values, fixture.expected.axes.flatMap { $0 }) < 1e-9)
        #expect(relativeError(projection.variances, fixture.expected.variances) < 1e-10)
        #expect(abs(projection.totalVariance - fixture.expected.total_variance) <= 1e-10 * fixture.expected.total_variance)
        let coordinates = flat.withUnsafeBufferPointer { projection.project(rows: $0, count: fixture.rows.count) }
        #expect(relativeError(coordinates, fixture.expected.coordinates.flatMap { $0 }) < 1e-9)
        let others = fixture.others.flatMap { $0 }
        let projected = others.withUnsafeBufferPointer { projection.project(rows: $0, count: fixture.others.count) }
        #expect(relativeError(projected, fixture.expected.other_coordinates.flatMap { $0 }) < 1e-9)
    }

    /// The same fixtures through the iterative solver (the route uses it above
    /// `directSolverMaxDim`), with the same tolerances.
    @Test(arguments: caseNames)
    func fit_WithBlockLanczos_MatchesNumpysPCA_UpToTheSignRule(name: String) throws {
        let fixture = try Self.load(name)
        let d = fixture.rows[0].count
        let flat = fixture.rows.flatMap { $0 }
        let projection = try flat.withUnsafeBufferPointer { try PrincipalProjection.fit(rows: $0, count: fixture.rows.count, dim: d, directUpTo: 0) }
        #expect(relativeError(projection.axes.values, fixture.expected.axes.flatMap { $0 }) < 1e-9)
        #expect(relativeError(projection.variances, fixture.expected.variances) < 1e-10)
        let coordinates = flat.withUnsafeBufferPointer { projection.project(rows: $0, count: fixture.rows.count) }
        #expect(relativeError(coordinates, fixture.expected.coordinates.flatMap { $0 }) < 1e-9)
    }

    @Test func fit_WithBlockLanczos_GivesTheDirectSolversAxes_OnRandomRows() throws {
        var random = TestRandom(seed: 8)
        let (n, d) = (700, 96)
        let rows = random.matrix(n, d).values
        let direct = try rows.withUnsafeBufferPointer { try PrincipalProjection.fit(rows: $0, count: n, dim: d) }
        let iterative = try rows.withUnsafeBufferPointer { try PrincipalProjection.fit(rows: $0, count: n, dim: d, directUpTo: 0) }
        #expect(relativeError(iterative.variances, direct.variances) < 1e-12)
        #expect(relativeError(iterative.axes.values, direct.axes.values) < 1e-7)
        #expect(iterative.mean == direct.mean && iterative.totalVariance == direct.totalVariance)
    }

    @Test func fit_IsDeterministicAndFixesEachAxisSoItsLargestLoadingIsPositive() throws {
        var random = TestRandom(seed: 21)
        for (n, d) in [(1, 3), (2, 2), (7, 5), (600, 9)] {
            let rows = random.matrix(n, d).values
            let first = try rows.withUnsafeBufferPointer { try PrincipalProjection.fit(rows: $0, count: n, dim: d) }
            let again = try rows.withUnsafeBufferPointer { try PrincipalProjection.fit(rows: $0, count: n, dim: d) }
            #expect(first == again)
            for l in 0..<2 {
                let axis = first.axes.row(l)
                let largest = axis.indices.max { abs(axis[$0]) < abs(axis[$1]) || (abs(axis[$0]) == abs(axis[$1]) && $0 > $1) }!
                #expect(axis[largest] > 0)
                #expect(abs(axis.reduce(0) { $0 + $1 * $1 } - 1) < 1e-12)
            }
            #expect(first.variances[0] >= first.variances[1])
        }
    }

    @Test func fit_WithoutRowsOrWithFewerDimensionsThanComponents_Throws() {
        let rows: [Float] = [1, 2, 3]
        #expect(throws: LinearAlgebraError.self) { try rows.withUnsafeBufferPointer { _ = try PrincipalProjection.fit(rows: $0, count: 0, dim: 3) } }
        #expect(throws: LinearAlgebraError.self) { try rows.withUnsafeBufferPointer { _ = try PrincipalProjection.fit(rows: $0, count: 3, dim: 1) } }
    }
}
