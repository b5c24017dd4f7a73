import Foundation
import Testing
@testable import Providers
import TestSupport

/// The embedding client against scripts/stub_llm.py over real sockets.
@Suite struct StubEmbeddingTests {
    let executor = ProviderExecutor(maxConcurrent: 8)

    func client(_ stub: StubLLM, encoding: EmbeddingEncoding = .float, batchSize: Int = 64, expectedDimension: Int? = nil,
                cache: (any ProviderCache)? = nil) -> EmbeddingClient {
        EmbeddingClient(endpoint: stub.endpoint(), encoding: encoding, batchSize: batchSize, expectedDimension: expectedDimension,
                        retry: RetryPolicy(baseDelaySeconds: 0.01), cache: cache, executor: executor)
    }

    @Test func embed_MatchesVectorsByIndex_WhenTheServerAnswersOutOfOrder() throws {
        let inOrder = try StubLLM(["--dim", "6"])
        let reversed = try StubLLM(["--dim", "6", "--shuffle"])
        let texts = ["alpha", "beta", "gamma"]
        let expected = try texts.map { try client(inOrder).embed([$0]).vectors[0] }
        let result = try client(reversed).embed(texts)
        #expect(result.vectors == expected)
        #expect(Set(expected.map { $0.map(\.bitPattern) }).count == 3)
        #expect(result.vectors.allSatisfy { $0.count == 6 })
    }

    @Test func embed_DecodesBase64_ToTheSameFloatsAsTheFloatEncoding() throws {
        let stub = try StubLLM(["--dim", "16", "--shuffle"])
        let texts = ["one", "two", "three", "four"]
        let floats = try client(stub, encoding: .float).embed(texts).vectors
        let decoded = try client(stub, encoding: .base64).embed(texts).vectors
        #expect(decoded == floats)
    }

    @Test func embed_CachesEachText_AndSendsOnlyTheMisses() throws {
        let stub = try StubLLM()
        let client = client(stub, cache: InMemoryProviderCache())
        let first = try client.embed(["a", "b"])
        #expect(first.cacheHits == 0 && first.cacheMisses == 2)
        let second = try client.embed(["b", "c", "a"])
        #expect(second.cacheHits == 2 && second.cacheMisses == 1)
        #expect(second.vectors[0] == first.vectors[1] && second.vectors[2] == first.vectors[0])
        let third = try client.embed(["c", "a"])
        #expect(third.cacheHits == 2 && third.cacheMisses == 0)
        #expect(try stub.count("embeddings") == 2)
        #expect(try stub.count("embedding_inputs") == 3)
    }

    @Test func embed_SendsARepeatedTextOnce_AndSplitsIntoBatches() throws {
        let stub = try StubLLM()
        let texts = (0..<10).map { "text \($0 % 7)" }
        let result = try client(stub, batchSize: 3).embed(texts)
        #expect(result.vectors.count == 10 && result.vectors[0] == result.vectors[7])
        #expect(try stub.count("embedding_inputs") == 7)
        #expect(try stub.count("embeddings") == 3)
    }

    @Test func embed_RejectsVectorsOfTheWrongDimension() throws {
        let stub = try StubLLM(["--dim", "4"])
        #expect(throws: ProviderError.invalidResponse(message: "embedding 0 has 4 dimensions, expected 8")) {
            try client(stub, expectedDimension: 8).embed(["x"])
        }
    }

    @Test func embed_OfNoTexts_CallsNothing() throws {
        let stub = try StubLLM()
        #expect(try client(stub).embed([]).vectors.isEmpty)
        #expect(try stub.count("embeddings") == 0)
    }

    @Test func embed_SatisfiesTheEmbedderProtocol() throws {
        let stub = try StubLLM(["--dim", "4"])
        let embedder: any Embedder = client(stub, expectedDimension: 4)
        #expect(embedder.name == "openai-compatible" && embedder.model == "stub-model" && embedder.dimension == 4)
        #expect(try embedder.embed(["x"]).vectors[0].count == 4)
    }
}
