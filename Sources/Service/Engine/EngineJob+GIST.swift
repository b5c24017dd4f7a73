import Foundation
import LinearAlgebra
import Selection

extension EngineJob {
    static func gistBasisFile(_ t: Int) -> String { "gist-basis-\(t).npy" }
    static func gistTargetsFile(_ t: Int) -> String { "gist-targets-\(t).npy" }

    /// GIST's global step before the maps: each checkpoint's subspace from its targets, written
    /// as `gist-basis-<t>.npy` (D x r, `<f4`) and `gist-targets-<t>.npy` (the unit group targets,
    /// C x r, `<f8`), so that no map step repeats the eigensolve (`GISTSelector.shardPlans`).
    /// Run by `prepare`, and by `shortlist engine plan` for a job directory written otherwise
    /// (`writePlan`).
    func writeGISTPlans() throws {
        let parameters = try SelectionRequest.parse(request).parameters
        let plans = try GISTSelector.shardPlans(
            targets: try checkpoints.indices.map { (label: checkpoints[$0].label, rows: try targets($0)) }, parameters: parameters)
        for (t, plan) in plans.enumerated() {
            try EngineFiles.write(NPYArray.file(floats: plan.basis.values, rows: plan.basis.rows, columns: plan.basis.cols),
                                  to: directory.appendingPathComponent(Self.gistBasisFile(t)))
            try EngineFiles.write(NPYArray.file(doubles: plan.unitTargets.values, rows: plan.unitTargets.rows, columns: plan.unitTargets.cols),
                                  to: directory.appendingPathComponent(Self.gistTargetsFile(t)))
        }
    }

    /// The plan of checkpoint `t` that `writeGISTPlans` wrote.
    func gistPlan(_ t: Int) throws -> GISTShardPlan {
        let basis = try NPYArray.read(directory.appendingPathComponent(Self.gistBasisFile(t)))
        let targets = try NPYArray.read(directory.appendingPathComponent(Self.gistTargetsFile(t)))
        do {
            return try GISTShardPlan(basis: Matrix(rows: basis.rows, cols: basis.columns, values: try basis.floats()),
                                     unitTargets: DoubleMatrix(rows: targets.rows, cols: targets.columns, values: try targets.doubles()))
        } catch let error as SelectionError {
            throw EngineError("\(directory.path): GIST plan of checkpoint \(t): \(error.message)")
        }
    }
}
