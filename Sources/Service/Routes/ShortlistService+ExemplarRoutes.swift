import HTTP
import Selection

extension ShortlistService {
    /// `POST /v1/exemplars` (synchronous) and the embed-job route that fills the features it reads.
    func registerExemplarRoutes() {
        registerEmbedRoutes()
        let pipeline = exemplarPipeline
        let defaults = configuration.generation
        route("POST", "/v1/exemplars", bodyLimit: configuration.largeBodyLimit) { [unowned self] request in
            let document = try request.jsonDocument(plan: ExemplarRequest.floatPlan, limits: try floatLimits(rows: 1))
            let parsed = try ExemplarRequest.parse(document, defaults: defaults)
            return .json(200, try pipeline.run(parsed))
        }
    }

    /// The one exemplar pipeline: the route and the evaluation jobs select through the same code.
    var exemplarPipeline: ExemplarPipeline {
        ExemplarPipeline(source: ExemplarSource(database: database, cache: poolMatrixCache), providers: providers)
    }
}
