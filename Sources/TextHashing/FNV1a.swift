/// FNV-1a 64-bit with wrapping multiplication: the hash of every n-gram feature. It is a running
/// fold, so the bigram "a b" continues from the hash of "a" (`hash([0x20] + b, from: hash(a))`)
/// and no joined string is ever built.
public enum FNV1a {
    public static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    public static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// The hash of `bytes`, continuing from `hash`.
    @inlinable
    public static func hash(_ bytes: [UInt8], from hash: UInt64 = offsetBasis) -> UInt64 {
        var hash = hash
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* prime
        }
        return hash
    }

    /// The hash of one more byte.
    @inlinable
    public static func hash(byte: UInt8, from hash: UInt64) -> UInt64 {
        (hash ^ UInt64(byte)) &* prime
    }
}
