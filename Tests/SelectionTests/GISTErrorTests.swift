import JSON
import Testing
import LinearAlgebra
@testable import Selection

@Suite struct GISTErrorTests {
    let candidates = matrixOf([[1, 0], [0, 1], [1, 1]])
    let targets = matrixOf([[1, 0], [1, 2]])

    func run(_ params: [String: JSONValue] = [:], candidates: Matrix? = nil, targets: Matrix? = nil,
             budget: Budget? = .count(2), control: SelectionControl = .none) throws {
        _ = try GISTSelector.select(
            SelectionInput(candidates: candidates ?? self.candidates, targets: targets ?? self.targets),
            budget: budget, parameters: Parameters(params), seed: nil, control: control)
    }

    @Test func rank_BelowOne_IsInvalidParameter() {
        expectSelectionError(.invalidParameter, parameter: "rank") { try run(["rank": .int(0)]) }
    }

    @Test(arguments: [0.0, -0.5, 1.5])
    func energy_OutsideZeroOne_IsInvalidParameter(_ energy: Double) {
        expectSelectionError(.invalidParameter, parameter: "energy") { try run(["energy": .double(energy)]) }
    }

    @Test(arguments: [JSONValue.int(0), .int(3), .string("some"), .double(1.5)])
    func targetMode_ThatCannotGroupTheTargets_IsInvalidParameter(_ mode: JSONValue) {
        expectSelectionError(.invalidParameter, parameter: "target_mode") { try run(["target_mode": mode]) }
    }

    @Test func targetModeLabels_OfTheWrongLength_AreAShapeMismatch() {
        expectSelectionError(.shapeMismatch, parameter: "target_mode") { try run(["target_mode": .ints([0, 1, 1])]) }
    }

    @Test func allZeroValidationRows_AreDegenerate() {
        expectSelectionError(.degenerateInput, parameter: "targets") { try run(targets: matrixOf([[0, 0], [0, 0]])) }
    }

    @Test func nonFiniteCandidate_IsRejected() {
        expectSelectionError(.nonFiniteInput, parameter: "candidates") { try run(candidates: matrixOf([[1, 0], [.nan, 1]])) }
    }

    @Test func nonFiniteTarget_IsRejected() {
        expectSelectionError(.nonFiniteInput, parameter: "targets") { try run(targets: matrixOf([[1, .infinity]])) }
    }

    @Test func targetDimension_DifferentFromCandidates_IsAShapeMismatch() {
        expectSelectionError(.shapeMismatch, parameter: "targets") { try run(targets: matrixOf([[1, 0, 0]])) }
    }

    @Test func unknownParameter_IsRejected() {
        expectSelectionError(.unknownParameter, parameter: "groups") { try run(["groups": .string("each")]) }
    }

    @Test func missingBudget_IsInvalidBudget() {
        expectSelectionError(.invalidBudget, parameter: "k") { try run(budget: nil) }
    }

    @Test func kAboveN_IsInvalidBudget() {
        expectSelectionError(.invalidBudget, parameter: "k") { try run(budget: .count(4)) }
    }

    @Test func cancelledControl_StopsTheScoring() {
        expectSelectionError(.cancelled, parameter: nil) { try run(control: .cancelledAlready) }
    }
}
