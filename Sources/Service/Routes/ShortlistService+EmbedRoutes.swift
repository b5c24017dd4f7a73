import HTTP
import JSON
import Selection
import Storage

extension ShortlistService {
    /// `POST /v1/pools/{pool}/features/{name}/embed`: validates, then queues an embed job (202).
    func registerEmbedRoutes() {
        route("POST", "/v1/pools/{pool}/features/{name}/embed") { [unowned self] request in
            let (poolName, featureName) = (request.parameter("pool"), request.parameter("name"))
            try Names.requireName(featureName, param: "name", what: "feature name")
            let template = try embedTemplate(request)
            let embed = EmbedJobRequest(pool: poolName, feature: featureName, template: template)
            let id = JobID.make()
            let job = try database.write { db -> JobRecord in
                let pool = try requirePool(db, poolName)
                if let feature = try db.feature(poolID: pool.id, name: featureName) {
                    let rows = try db.checkpoint(featureID: feature.id, label: EmbedJobRequest.checkpoint)
                        .map { try db.featureRowCount(checkpointID: $0.id) } ?? 0
                    try EmbedJobExecutor.checkCompatible(feature: feature, rows: rows, embedder: providers.embedder)
                }
                return try db.insertJob(id: id, kind: .embed, request: String(decoding: JSONWriter.encode(embed.json), as: UTF8.self))
            }
            jobRunner.notify()
            return .json(202, JobJSON.job(job), headers: [("Location", "/v1/jobs/\(id)")])
        }
    }

    /// The optional body `{"template": "..."}`; an empty body means the default template.
    private func embedTemplate(_ request: HTTPRequest) throws -> EmbedJobTemplate {
        let bytes = try request.body.collect(limit: request.bodyLimit)
        guard !bytes.isEmpty else { return try EmbedJobTemplate(EmbedJobTemplate.defaultText) }
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch { throw error.apiError() }
        let body = try JSONObjectReader(value)
        try body.rejectUnknown(allowed: ["template"])
        return try EmbedJobTemplate(try body.string("template") ?? EmbedJobTemplate.defaultText)
    }
}
