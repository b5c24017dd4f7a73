extension HashingEmbedder {
    /// Lower-cased maximal runs of Unicode letters (general category L*) or decimal digits (Nd).
    static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isTokenScalar(scalar) {
                current.append(simpleLowercase(scalar))
            } else if !current.isEmpty {
                tokens.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { tokens.append(String(current)) }
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
