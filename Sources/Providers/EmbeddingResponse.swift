import Foundation

/// The `data` array of an embeddings response; each embedding is a float array or a base64 string.
struct EmbeddingResponse: Decodable {
    struct Item: Decodable {
        var index: Int
        var embedding: Embedding
    }

    enum Embedding: Decodable {
        case floats([Float])
        case base64(String)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .base64(text)
            } else {
                self = .floats(try container.decode([Float].self))
            }
        }
    }

    var data: [Item]

    /// Vectors ordered by `index` (servers may answer out of order), checked to cover 0..<count
    /// exactly once with one common, expected dimension.
    static func vectors(_ body: [UInt8], count: Int, expectedDimension: Int?) throws(ProviderError) -> [[Float]] {
        let decoded: EmbeddingResponse
        do {
            decoded = try JSONDecoder().decode(EmbeddingResponse.self, from: Data(body))
        } catch {
            throw .invalidResponse(message: "embeddings response is not the expected JSON")
        }
        guard decoded.data.count == count else {
            throw .invalidResponse(message: "embeddings response has \(decoded.data.count) items for \(count) inputs")
        }
        var vectors = [[Float]?](repeating: nil, count: count)
        for item in decoded.data {
            guard (0..<count).contains(item.index), vectors[item.index] == nil else {
                throw .invalidResponse(message: "embeddings response has a missing, repeated or out-of-range index \(item.index)")
            }
            vectors[item.index] = try vector(item.embedding, index: item.index)
        }
        let result = vectors.compactMap { $0 }
        try checkDimensions(result, expected: expectedDimension)
        return result
    }

    private static func vector(_ embedding: Embedding, index: Int) throws(ProviderError) -> [Float] {
        switch embedding {
        case .floats(let values): return values
        case .base64(let text):
            guard let values = FloatBytes.floats(base64: text) else {
                throw .invalidResponse(message: "embedding \(index) is not base64 of little-endian float32")
            }
            return values
        }
    }

    static func checkDimensions(_ vectors: [[Float]], expected: Int?) throws(ProviderError) {
        guard let dimension = expected ?? vectors.first?.count else { return }
        if dimension == 0 { throw .invalidResponse(message: "embeddings are empty") }
        for (index, vector) in vectors.enumerated() where vector.count != dimension {
            throw .invalidResponse(message: "embedding \(index) has \(vector.count) dimensions, expected \(dimension)")
        }
        if vectors.contains(where: { $0.contains { !$0.isFinite } }) {
            throw .invalidResponse(message: "embeddings contain non-finite values")
        }
    }
}
