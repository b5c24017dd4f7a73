import LinearAlgebra
import Selection

/// Deterministic English-like texts for the dsir benchmark, generated on demand so that none is
/// kept (the bench measures dsir's memory, not the corpus's): text `i` has 50 to 150 words drawn
/// from a 5,000-word vocabulary of pseudo-words with a power-law skew (rank ~ u^(skew + 1), so a
/// larger skew concentrates on the frequent words), a comma every tenth word and a full stop.
struct SyntheticTexts: TextSource {
    let count: Int
    let seed: UInt64
    let skew: Int

    static let vocabulary: [String] = {
        var g = SplitMix64(seed: 0x5EED)
        let letters = Array("etaoinshrdlcumwfgypbvkjxqz")
        return (0..<5000).map { _ in
            String((0..<(3 + Int(g.uniform(below: 8)))).map { _ in letters[Int(g.uniform(below: UInt64(letters.count / 2 + 3)))] })
        }
    }()

    func text(_ i: Int) -> String {
        var g = SplitMix64(seed: seed &+ UInt64(i) &* 0x9E37_79B9_7F4A_7C15)
        let words = 50 + Int(g.uniform(below: 101))
        var out = ""
        out.reserveCapacity(words * 8)
        for w in 0..<words {
            var u = Double(g.next() >> 11) * 0x1p-53
            let base = u
            for _ in 0..<skew { u *= base }
            out += Self.vocabulary[min(Self.vocabulary.count - 1, Int(u * Double(Self.vocabulary.count)))]
            out += w == words - 1 ? "." : (w % 10 == 9 ? ", " : " ")
        }
        return out
    }

    func texts(_ range: Range<Int>) throws -> [String] { range.map(text) }
}
