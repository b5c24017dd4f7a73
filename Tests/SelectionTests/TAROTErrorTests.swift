import JSON
import Testing
import LinearAlgebra
@testable import Selection

@Suite struct TAROTErrorTests {
    let candidates = matrixOf([[1, 0], [0, 1], [1, 1], [2, -1]])
    let targets = matrixOf([[1, 0.5], [-1, 2]])

    func run(_ params: [String: JSONValue] = [:], candidates: Matrix? = nil, targets: Matrix? = nil,
             budget: Budget? = .count(2), control: SelectionControl = .none) throws {
        _ = try TAROTSelector.select(
            SelectionInput(candidates: candidates ?? self.candidates, targets: targets ?? self.targets),
            budget: budget, parameters: Parameters(params), seed: nil, control: control)
    }

    @Test func lastLayer_OtherThanTheTwoRules_IsInvalidParameter() {
        expectSelectionError(.invalidParameter, parameter: "last_layer") { try run(["last_layer": .string("median")]) }
    }

    @Test func kFolds_BelowOne_IsInvalidParameter() {
        expectSelectionError(.invalidParameter, parameter: "k_folds") { try run(["k_folds": .int(0)], budget: nil) }
    }

    @Test func maxNeighbors_BelowOne_IsInvalidParameter() {
        expectSelectionError(.invalidParameter, parameter: "max_neighbors") { try run(["max_neighbors": .int(0)]) }
    }

    @Test func negativeRidge_IsInvalidParameter() {
        expectSelectionError(.invalidParameter, parameter: "ridge") { try run(["ridge": .double(-1e-3)]) }
    }

    @Test func nonFiniteRidge_IsRejected() {
        expectSelectionError(.nonFiniteInput, parameter: "ridge") { try run(["ridge": .double(.infinity)]) }
    }

    @Test func kAboveN_IsInvalidBudget() {
        expectSelectionError(.invalidBudget, parameter: "k") { try run(budget: .count(5)) }
    }

    @Test func identicalRows_HaveZeroVariance_AndAreDegenerate() {
        expectSelectionError(.degenerateInput, parameter: "candidates") {
            try run(candidates: matrixOf([[1, 2], [1, 2], [1, 2]]), targets: matrixOf([[1, 2]]))
        }
    }

    @Test func singularCovariance_WithoutRidge_IsDegenerate() {
        // Every row lies on the line y = x: rank-1 covariance.
        expectSelectionError(.degenerateInput, parameter: "candidates") {
            try run(["ridge": .double(0)], candidates: matrixOf([[1, 1], [2, 2], [3, 3]]), targets: matrixOf([[0, 0]]))
        }
    }

    @Test func nonFiniteCandidate_IsRejected() {
        expectSelectionError(.nonFiniteInput, parameter: "candidates") { try run(candidates: matrixOf([[1, 0], [.nan, 1]])) }
    }

    @Test func targetDimension_DifferentFromCandidates_IsAShapeMismatch() {
        expectSelectionError(.shapeMismatch, parameter: "targets") { try run(targets: matrixOf([[1, 0, 0]])) }
    }

    @Test func unknownParameter_IsRejected() {
        expectSelectionError(.unknownParameter, parameter: "rank") { try run(["rank": .int(3)]) }
    }

    @Test func cancelledControl_StopsTheWhitening() {
        expectSelectionError(.cancelled, parameter: nil) { try run(control: .cancelledAlready) }
    }
}
