/// The one tokenizer of Shortlist's n-gram features (exemplars.md §8, dsir.md §4), shared by the
/// hashing embedder and `dsir` so that both see the same tokens: lower-cased maximal runs of
/// Unicode letters (general category L*) or decimal digits (Nd); every other scalar separates.
public enum TextTokenizer {
    /// The tokens as text.
    public static func tokens(_ text: String) -> [String] {
        tokenBytes(text).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The tokens as UTF-8 bytes, which is what gets hashed.
    public static func tokenBytes(_ text: String) -> [[UInt8]] {
        var tokens: [[UInt8]] = []
        var current: [UInt8] = []
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                // ASCII fast path: the Unicode property lookups dominate otherwise.
                let byte = UInt8(scalar.value)
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): current.append(byte); continue
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): current.append(byte + 32); continue
                default: break
                }
            } else if isTokenScalar(scalar) {
                current.append(contentsOf: Array(String(simpleLowercase(scalar)).utf8))
                continue
            }
            if !current.isEmpty {
                tokens.append(current)
                current.removeAll(keepingCapacity: true)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    static func isTokenScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber:
            return true
        default:
            return false
        }
    }

    // Simple (one-to-one) lower-casing. Swift exposes only the full mapping; where that expands to
    // several scalars (U+0130 "İ" -> "i̇") the simple mapping is its first scalar, and the expansion
    // must not leak a combining mark into the token.
    static func simpleLowercase(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar
    }
}
