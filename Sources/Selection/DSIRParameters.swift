/// `dsir`'s parameters (dsir.md §2), validated. The templates are the Service's: it renders the
/// items with them before the texts reach the engine, which only checks that they are strings.
struct DSIRParameters: Sendable {
    let mode: DSIRSelector.Mode
    let ngrams: Int
    let numBuckets: Int
    let smoothing: Double
    let minTokens: Int

    static let maxBuckets = 1_048_576

    init(_ parameters: Parameters) throws {
        try parameters.rejectUnknown(allowed: DSIRSelector.allowedParameters)
        let method = DSIRSelector.method
        let modeName = try parameters.string("mode", default: method.parameter("mode").defaultString)
        guard let mode = DSIRSelector.Mode(rawValue: modeName) else {
            throw SelectionError(.invalidParameter, "mode must be \"sample\" or \"top\", got \"\(modeName)\"", parameter: "mode")
        }
        self.mode = mode
        ngrams = try parameters.int("ngrams", default: method.parameter("ngrams").defaultInt)
        guard (1...3).contains(ngrams) else {
            throw SelectionError(.invalidParameter, "ngrams must lie in 1...3, got \(ngrams)", parameter: "ngrams")
        }
        numBuckets = try parameters.int("num_buckets", default: method.parameter("num_buckets").defaultInt)
        guard (1...Self.maxBuckets).contains(numBuckets) else {
            throw SelectionError(.invalidParameter, "num_buckets must lie in 1...\(Self.maxBuckets), got \(numBuckets)", parameter: "num_buckets")
        }
        smoothing = try parameters.double("smoothing", default: method.parameter("smoothing").defaultDouble)
        guard smoothing >= 0 else {
            throw SelectionError(.invalidParameter, "smoothing must be >= 0, got \(smoothing)", parameter: "smoothing")
        }
        minTokens = try parameters.int("min_tokens", default: method.parameter("min_tokens").defaultInt)
        guard minTokens >= 0 else {
            throw SelectionError(.invalidParameter, "min_tokens must be >= 0, got \(minTokens)", parameter: "min_tokens")
        }
        for name in ["template", "target_template"] { _ = try parameters.string(name, default: "") }
    }
}
