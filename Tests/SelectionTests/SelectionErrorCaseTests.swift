import JSON
import LinearAlgebra
import Selection
import Testing

/// The error rules of specs README §5 on small hand-written requests: each asserts code + parameter.
@Suite struct SelectionErrorCaseTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let method: String
        let input: @Sendable () -> SelectionInput
        let budget: Budget?
        let parameters: [String: JSONValue]
        let code: SelectionError.Code
        let parameter: String?
        var testDescription: String { name }

        init(
            _ name: String, _ method: String, input: @escaping @Sendable () -> SelectionInput = { HandInput.input() },
            budget: Budget? = .count(2), parameters: [String: JSONValue] = [:], code: SelectionError.Code, parameter: String?
        ) {
            self.name = name
            self.method = method
            self.input = input
            self.budget = budget
            self.parameters = parameters
            self.code = code
            self.parameter = parameter
        }
    }

    static let nanCandidates = HandInput.matrix([[1, 0], [.nan, 1], [1, 1], [-1, 0.5]])
    static let infTargets = HandInput.matrix([[1, .infinity], [0.1, 1]])

    static let cases: [Case] = [
        Case("k above N", "less", budget: .count(5), code: .invalidBudget, parameter: "k"),
        Case("negative k", "round_robin", budget: .count(-1), code: .invalidBudget, parameter: "k"),
        Case("no budget", "uot", budget: nil, code: .invalidBudget, parameter: "k"),
        Case("fraction above 1", "knn_uniform", budget: .fraction(1.5), code: .invalidBudget, parameter: "fraction"),
        Case("random without budget", "random", budget: nil, code: .invalidBudget, parameter: "k"),
        Case("NaN candidate", "less", input: { HandInput.input(candidates: nanCandidates) }, code: .nonFiniteInput, parameter: "candidates"),
        Case("NaN candidate in random", "random", input: { HandInput.input(candidates: nanCandidates) }, code: .nonFiniteInput, parameter: "candidates"),
        Case("Inf target", "uot", input: { HandInput.input(targets: infTargets) }, code: .nonFiniteInput, parameter: "targets"),
        Case("target d differs", "round_robin", input: { HandInput.input(targets: HandInput.matrix([[1, 0, 0]])) }, code: .shapeMismatch, parameter: "targets"),
        Case("no targets", "less", input: { HandInput.input(targets: Matrix(rows: 0, cols: 2)) }, code: .emptyInput, parameter: "targets"),
        Case("no candidates", "knn_uniform", input: { HandInput.input(candidates: Matrix(rows: 0, cols: 2)) }, budget: .count(0), code: .emptyInput, parameter: "candidates"),
        Case("no checkpoints", "mean_topk", input: { SelectionInput(checkpoints: []) }, code: .emptyInput, parameter: "checkpoints"),
        Case("N differs across checkpoints", "less", input: {
            SelectionInput(checkpoints: [
                SelectionCheckpoint(candidates: MatrixRowSource(HandInput.candidates), targets: HandInput.targets),
                SelectionCheckpoint(label: "b", candidates: MatrixRowSource(HandInput.matrix([[1, 0]])), targets: HandInput.targets),
            ])
        }, code: .shapeMismatch, parameter: "candidates"),
        Case("negative weight", "uot", input: {
            SelectionInput(checkpoints: [SelectionCheckpoint(weight: -1, candidates: MatrixRowSource(HandInput.candidates), targets: HandInput.targets)])
        }, code: .invalidParameter, parameter: "checkpoint_weights"),
        Case("groups not dividing M", "less", parameters: ["groups": .int(3)], code: .invalidGroups, parameter: "groups"),
        Case("groups zero", "less", parameters: ["groups": .int(0)], code: .invalidGroups, parameter: "groups"),
        Case("groups label count", "less", parameters: ["groups": .ints([0, 1, 2])], code: .invalidGroups, parameter: "groups"),
        Case("groups non-integer label", "less", parameters: ["groups": .array([.int(0), .double(1.5)])], code: .invalidGroups, parameter: "groups"),
        Case("groups unknown string", "less", parameters: ["groups": .string("some")], code: .invalidGroups, parameter: "groups"),
        Case("groups on doubly_greedy", "doubly_greedy", parameters: ["groups": .string("all")], code: .unknownParameter, parameter: "groups"),
        Case("another method's parameter", "round_robin", parameters: ["eps": .double(0.1)], code: .unknownParameter, parameter: "eps"),
        Case("uot eps zero", "uot", parameters: ["eps": .double(0)], code: .invalidParameter, parameter: "eps"),
        Case("uot eps NaN", "uot", parameters: ["eps": .double(.nan)], code: .nonFiniteInput, parameter: "eps"),
        Case("uot reg_m negative", "uot", parameters: ["reg_m": .double(-1)], code: .invalidParameter, parameter: "reg_m"),
        Case("uot max_iter zero", "uot", parameters: ["max_iter": .int(0)], code: .invalidParameter, parameter: "max_iter"),
        Case("uot max_iter fractional", "uot", parameters: ["max_iter": .double(2.5)], code: .invalidParameter, parameter: "max_iter"),
        Case("uot tol zero", "uot", parameters: ["tol": .double(0)], code: .invalidParameter, parameter: "tol"),
        Case("knn L zero", "knn_uniform", parameters: ["L": .int(0)], code: .invalidParameter, parameter: "L"),
        Case("knn alpha one", "knn_uniform", parameters: ["alpha": .double(1)], code: .invalidParameter, parameter: "alpha"),
        Case("knn C zero", "knn_uniform", parameters: ["C": .double(0)], code: .invalidParameter, parameter: "C"),
        Case("knn C infinite", "knn_uniform", parameters: ["C": .double(.infinity)], code: .nonFiniteInput, parameter: "C"),
        Case("random takes no parameters", "random", parameters: ["groups": .string("each")], code: .unknownParameter, parameter: "groups"),
    ]

    @Test(arguments: cases)
    func badRequest_IsRejected_WithCodeAndParameter(_ c: Case) throws {
        let selector = try #require(SelectionEngine.selector(named: c.method))
        let error = selectionError {
            _ = try selector.select(c.input(), budget: c.budget, parameters: Parameters(c.parameters), seed: nil, control: .none)
        }
        #expect(error?.code == c.code, "\(c.name): \(String(describing: error))")
        #expect(error?.parameter == c.parameter, "\(c.name): \(String(describing: error))")
    }

    @Test(arguments: SelectionEngine.vectorMethodNames)
    func cancelledControl_MakesTheMethodThrowCancelled(_ name: String) throws {
        let selector = try #require(SelectionEngine.selector(named: name))
        let error = selectionError {
            _ = try selector.select(HandInput.input(), budget: .count(2), parameters: Parameters(), seed: nil, control: SelectionControl(isCancelled: { true }))
        }
        #expect(error?.code == .cancelled)
    }

    @Test(arguments: SelectionEngine.vectorMethodNames)
    func zeroBudget_ReturnsAnEmptyList(_ name: String) throws {
        let selector = try #require(SelectionEngine.selector(named: name))
        let result = try selector.select(HandInput.input(), budget: .count(0), parameters: Parameters(), seed: nil, control: .none)
        #expect(result.order.isEmpty)
    }
}
