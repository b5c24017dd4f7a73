import PropertyBased
import Testing
@testable import Providers

struct HashingEmbedderTests {
    @Test func vector_MatchesThePublishedTestVector() {
        let vector = HashingEmbedder.vector("Natalia sold 48 clips")
        let expected: [Int: Float] = [219: 1, 607: 1, 801: 1, 120: -1, 963: 1, 377: 1, 978: -1]
        let entry = 1 / Float(7).squareRoot()
        #expect(vector.count == 1024)
        for (index, value) in vector.enumerated() {
            #expect(value == (expected[index] ?? 0) * entry, "bucket \(index)")
        }
    }

    @Test func features_AreTokensThenAdjacentPairs() {
        let tokens = HashingEmbedder.tokens("Natalia sold 48 clips")
        #expect(tokens == ["natalia", "sold", "48", "clips"])
        #expect(HashingEmbedder.features(tokens) == ["natalia", "sold", "48", "clips", "natalia sold", "sold 48", "48 clips"])
    }

    @Test(arguments: [
        ("don't stop_now", ["don", "t", "stop", "now"]),
        ("  ÉCOLE  Straße ", ["école", "straße"]),
        ("İstanbul", ["istanbul"]),
        ("ΣΟΦΟΣ", ["σοφοσ"]),
        ("x²+y³=٣٤", ["x", "y", "٣٤"]),
        ("日本語テキスト🙂ok", ["日本語テキスト", "ok"]),
        ("3.14", ["3", "14"]),
        ("", []),
        ("?!", []),
    ])
    func tokens_LowerCaseAndSplitOnNonLettersOrDigits(text: String, expected: [String]) {
        #expect(HashingEmbedder.tokens(text) == expected)
    }

    @Test func fnv1a64_MatchesTheReferenceValues() {
        #expect(HashingEmbedder.fnv1a64([]) == 0xcbf2_9ce4_8422_2325)
        #expect(HashingEmbedder.fnv1a64(Array("a".utf8)) == 0xaf63_dc4c_8601_ec8c)
    }

    // The vector hashes pairs incrementally; this checks it against hashing the joined features.
    @Test func vector_EqualsTheBucketsOfTheJoinedFeatures() async {
        await propertyCheck(input: Gen.letterOrNumber.string(of: 1...8).array(of: 0...12)) { words in
            let text = words.joined(separator: " É ")
            var expected = [Float](repeating: 0, count: 1024)
            for feature in HashingEmbedder.features(HashingEmbedder.tokens(text)) {
                let hash = HashingEmbedder.fnv1a64(Array(feature.utf8))
                expected[Int(hash % 1024)] += (hash >> 63) == 0 ? 1 : -1
            }
            #expect(HashingEmbedder.vector(text) == HashingEmbedder.normalised(expected))
        }
    }

    @Test func vector_OfTextWithoutTokens_IsZero() {
        #expect(HashingEmbedder.vector("... !!").allSatisfy { $0 == 0 })
    }

    @Test func embed_NamesItself_AndReturnsOneVectorPerText() throws {
        let embedder = HashingEmbedder()
        let result = try embedder.embed(["a b", "c", "a b"])
        #expect(embedder.name == "hashing-1024")
        #expect(embedder.model == nil && embedder.dimension == 1024)
        #expect(result.vectors.count == 3 && result.vectors[0] == result.vectors[2])
        #expect(result.cacheHits == 0 && result.cacheMisses == 0)
    }

    @Test func vector_HasUnitNorm_AndIgnoresASCIICase() async {
        await propertyCheck(input: Gen.letterOrNumber.string(of: 1...30).array(of: 1...6)) { words in
            let text = words.joined(separator: " ")
            let vector = HashingEmbedder.vector(text)
            let norm = vector.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(norm - 1) < 1e-5)
            #expect(HashingEmbedder.vector(text.uppercased()) == vector)
        }
    }
}
