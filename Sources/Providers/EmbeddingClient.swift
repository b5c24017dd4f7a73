import JSON

/// OpenAI-compatible `POST {base}/embeddings`. Each text's vector is cached on its own, so a pool
/// re-embedded after a few edits only sends the new texts; misses go out in batches of `batchSize`,
/// up to `parallelBatches` at a time.
public struct EmbeddingClient: Embedder {
    public let name: String
    public let endpoint: ProviderEndpoint
    public let encoding: EmbeddingEncoding
    public let batchSize: Int
    public let parallelBatches: Int
    public let expectedDimension: Int?
    private let requester: ProviderRequester
    private let cache: (any ProviderCache)?

    public var model: String? { endpoint.model }
    public var dimension: Int? { expectedDimension }

    public init(endpoint: ProviderEndpoint, name: String = "openai-compatible", encoding: EmbeddingEncoding = .float,
                batchSize: Int = 64, parallelBatches: Int = 4, expectedDimension: Int? = nil,
                timeouts: ProviderTimeouts = ProviderTimeouts(), retry: RetryPolicy = RetryPolicy(),
                cache: (any ProviderCache)? = nil, executor: ProviderExecutor, metrics: ProviderMetrics = ProviderMetrics(),
                transport: any HTTPTransport = CurlTransport()) {
        self.name = name
        self.endpoint = endpoint
        self.encoding = encoding
        self.batchSize = max(1, batchSize)
        self.parallelBatches = max(1, parallelBatches)
        self.expectedDimension = expectedDimension
        self.cache = cache
        self.requester = ProviderRequester(endpoint: endpoint, timeouts: timeouts, retry: retry, transport: transport,
                                           executor: executor, metrics: metrics)
    }

    public func embed(_ texts: [String]) throws(ProviderError) -> EmbedResult {
        var vectors = [[Float]?](repeating: nil, count: texts.count)
        let keys = texts.map(cacheKey)
        for index in texts.indices { vectors[index] = cachedVector(keys[index]) }
        let hits = vectors.filter { $0 != nil }.count
        // Each distinct missing text is sent once, however often it repeats in the input.
        var missing: [String] = []
        var firstSeen: [String: Int] = [:]
        for index in texts.indices where vectors[index] == nil && firstSeen[texts[index]] == nil {
            firstSeen[texts[index]] = missing.count
            missing.append(texts[index])
        }
        let fetched = try fetch(missing)
        for (position, text) in missing.enumerated() {
            cache?.put(cacheKey(text), kind: "embedding", value: FloatBytes.bytes(fetched[position]))
        }
        for index in texts.indices where vectors[index] == nil {
            vectors[index] = firstSeen[texts[index]].map { fetched[$0] }
        }
        let result = vectors.compactMap { $0 }
        try EmbeddingResponse.checkDimensions(result, expected: expectedDimension)
        if cache != nil { requester.metrics.record { $0.cacheHits += hits; $0.cacheMisses += texts.count - hits } }
        return EmbedResult(vectors: result, cacheHits: hits, cacheMisses: texts.count - hits)
    }

    /// The key of one text's vector: the single-input request this model would answer.
    func cacheKey(_ text: String) -> String {
        ProviderCacheKey.key(request: .object(["model": .string(endpoint.model), "input": .string(text)]),
                             baseURL: endpoint.baseURL)
    }

    private func cachedVector(_ key: String) -> [Float]? {
        guard let bytes = cache?.get(key), let vector = FloatBytes.floats(bytes), !vector.isEmpty else { return nil }
        if let expectedDimension, vector.count != expectedDimension { return nil }
        return vector
    }

    private func fetch(_ texts: [String]) throws(ProviderError) -> [[Float]] {
        guard !texts.isEmpty else { return [] }
        let batches = stride(from: 0, to: texts.count, by: batchSize).map { Array(texts[$0..<min($0 + batchSize, texts.count)]) }
        var vectors: [[Float]] = []
        vectors.reserveCapacity(texts.count)
        // Waves of `parallelBatches` keep one large embed job from taking the whole executor.
        for wave in stride(from: 0, to: batches.count, by: parallelBatches) {
            let jobs = batches[wave..<min(wave + parallelBatches, batches.count)].map { batch in
                { @Sendable [self] in fetchBatch(batch) }
            }
            for outcome in requester.executor.runAll(jobs) { vectors += try outcome.get() }
        }
        return vectors
    }

    private func fetchBatch(_ texts: [String]) -> Result<[[Float]], ProviderError> {
        let body: JSONValue = .object([
            "model": .string(endpoint.model),
            "input": .array(texts.map { .string($0) }),
            "encoding_format": .string(encoding.rawValue),
        ])
        return requester.postOnCurrentThread(path: "/embeddings", body: body).flatMap { response in
            Result { () throws(ProviderError) in
                try EmbeddingResponse.vectors(response.body, count: texts.count, expectedDimension: expectedDimension)
            }
        }
    }
}
