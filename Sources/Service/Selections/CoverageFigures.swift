import Selection

/// A job's coverage with what its JSON names: the selected indices and every item id by index.
struct CoverageFigures: Sendable {
    let coverage: SelectionCoverage
    let selected: [Int]
    let ids: [String]
}
