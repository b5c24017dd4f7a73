import TextHashing

extension HashingEmbedder {
    /// The shared tokenizer's tokens (`TextTokenizer`): `dsir` hashes the same ones.
    static func tokens(_ text: String) -> [String] { TextTokenizer.tokens(text) }

    static func tokenBytes(_ text: String) -> [[UInt8]] { TextTokenizer.tokenBytes(text) }
}
