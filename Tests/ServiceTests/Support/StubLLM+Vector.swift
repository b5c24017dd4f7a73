import Providers
import TestSupport

extension StubLLM {
    /// The stub's deterministic embedding of `text` (its `vector()`), for comparing stored rows.
    static func vector(_ text: String, dim: Int) -> [Float] {
        var values: [Float] = []
        var counter = 0
        while values.count < dim {
            let block = SHA256.digest(Array("\(counter):\(text)".utf8))
            var i = 0
            while i + 4 <= block.count, values.count < dim {
                let word = UInt32(block[i]) | UInt32(block[i + 1]) << 8 | UInt32(block[i + 2]) << 16 | UInt32(block[i + 3]) << 24
                values.append(Float(Double(word) / 2_147_483_648.0 - 1.0))
                i += 4
            }
            counter += 1
        }
        return values
    }
}
