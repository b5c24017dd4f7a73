import HTTP
import JSON
import Selection
import Storage

extension ShortlistService {
    /// `POST /v1/selections` and the `/v1/jobs` routes its jobs are read through.
    func registerSelectionRoutes() {
        registerJobRoutes()
        route("POST", "/v1/selections", bodyLimit: configuration.largeBodyLimit) { [unowned self] request in
            let limits = try floatLimits(rows: SelectionTargets.maxInlineRows)
            let selection = try SelectionRequest.parse(try request.jsonDocument(plan: SelectionRequest.floatPlan, limits: limits))
            let selector = try SelectionValidator.selector(for: selection)
            if selection.execution == .ray {
                guard configuration.rayAddress != nil else {
                    throw APIError.invalid("execution.engine \"ray\" needs the service started with --ray-address (SHORTLIST_RAY_ADDRESS)", param: "execution")
                }
                guard EngineJob.supportedMethods.contains(selection.method) else {
                    throw APIError.invalid("method \(selection.method) runs only locally; execution.engine \"ray\" runs \(EngineJob.supportedMethods.sorted().joined(separator: ", "))", param: "execution")
                }
            }
            let echo = try database.read { db -> JSONValue in
                if selector.method.input == .texts {
                    try SelectionValidator.probe(selector, selection, plan: try TextSelectionPlan.resolve(selection, in: db))
                    return selection.echo(plan: nil)
                }
                let plan = try SelectionPlan.resolve(selection, in: db, missing: .invalidRequest)
                try SelectionValidator.probe(selector, selection, plan: plan)
                return selection.echo(plan: plan)
            }
            let id = JobID.make()
            let job = try database.write { db in
                try db.insertJob(
                    id: id, kind: .selection, request: String(decoding: JSONWriter.encode(echo), as: UTF8.self),
                    plan: selection.jobPlan(echo: echo))
            }
            jobRunner.notify()
            return .json(202, JobJSON.job(job), headers: [("Location", "/v1/jobs/\(id)")])
        }
    }
}
