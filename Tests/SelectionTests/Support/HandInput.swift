import LinearAlgebra
import Selection

/// Small hand-written inputs for error and edge-case tests.
enum HandInput {
    static func matrix(_ rows: [[Float]]) -> Matrix { Matrix(rowArrays: rows) ?? Matrix(rows: 0, cols: 0) }

    /// Four 2-d candidates and two targets.
    static let candidates = matrix([[1, 0], [0, 1], [1, 1], [-1, 0.5]])
    static let targets = matrix([[1, 0.2], [0.1, 1]])

    static func input(candidates: Matrix = candidates, targets: Matrix = targets) -> SelectionInput {
        SelectionInput(candidates: candidates, targets: targets)
    }
}
