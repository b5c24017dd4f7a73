import ScratchFiles

/// What pass 1 of dsir hands to pass 2 (dsir.md §8): each candidate's hashed n-gram buckets, written
/// to an anonymous file while pass 1 counts them, so that pass 2 scores from the file instead of
/// reading, rendering and tokenising every text a second time (the two passes' tokenising was
/// most of dsir's time). The file is unlinked the moment it is created, so no path, a crash
/// included, leaves it behind; its space is freed when the spill is released. Memory stays one
/// block's words, whatever N: the file grows with N, the process does not.
///
/// Layout, per block of texts (the blocks and chunks of `DSIRStream`): one word per chunk giving
/// the chunk's word count, then the chunks' words. Per text: a header (its entry count, or
/// `ineligible`), then its distinct buckets ascending, each as `bucket | (count - 1) << 20`; a
/// count above `maxRun` takes several entries of the same bucket, whose counts add up again on
/// reading. Pass 2 thus sees exactly the `(bucket, count)` runs `DSIRFeatures` makes.
final class DSIRSpill {
    static let namePrefix = ".shortlist-dsir-"
    static let bucketBits = 20
    static let bucketMask: UInt32 = (1 << 20) - 1
    static let maxRun = 1 << (32 - bucketBits)
    /// The header of a text below `min_tokens`: never selected, so nothing else is kept.
    static let ineligible = UInt32.max

    private let file: AnonymousFile
    /// Where pass 2's next read starts.
    private var readOffset = 0
    /// Set by the first failed write: pass 2 then reads the texts again (the spill is a shortcut,
    /// never the only way to the result).
    private(set) var failed = false

    /// A spill in `directory`, or nil when no file can be made there (pass 2 then re-reads).
    init?(directory: String) {
        precondition(DSIRParameters.maxBuckets <= 1 << Self.bucketBits, "a bucket must fit the spill's bucket bits")
        guard let file = try? AnonymousFile(directory: directory, namePrefix: Self.namePrefix) else { return nil }
        self.file = file
    }

    /// Appends one text's record to `out`: `sortedBuckets` are its n-grams' buckets, ascending.
    static func append(sortedBuckets: [Int], to out: inout [UInt32]) {
        let header = out.count
        out.append(0)
        var i = 0
        while i < sortedBuckets.count {
            let bucket = sortedBuckets[i]
            var run = 1
            i += 1
            while i < sortedBuckets.count && sortedBuckets[i] == bucket {
                run += 1
                i += 1
            }
            while run > 0 {
                let part = min(run, maxRun)
                out.append(UInt32(bucket) | UInt32(part - 1) << UInt32(bucketBits))
                run -= part
            }
        }
        out[header] = UInt32(out.count - header - 1)
    }

    /// The score of the text whose record starts at `position` (which moves past it), nil if it is
    /// ineligible: §6's sum over its ascending `(bucket, count)` runs, as `DSIRFeatures.score`.
    static func score(_ words: UnsafeBufferPointer<UInt32>, at position: inout Int, logRatio: UnsafeBufferPointer<Double>) -> Double? {
        let header = words[position]
        position += 1
        guard header != ineligible else { return nil }
        let end = position + Int(header)
        var s = 0.0
        var i = position
        while i < end {
            let bucket = words[i] & bucketMask
            var count = Int(words[i] >> UInt32(bucketBits)) + 1
            i += 1
            while i < end && words[i] & bucketMask == bucket {
                count += Int(words[i] >> UInt32(bucketBits)) + 1
                i += 1
            }
            let term = Double(count) * logRatio[Int(bucket)]
            s = s + term
        }
        position = end
        return s
    }

    /// Appends one block: its chunks' records, in chunk order. A failed write marks the spill failed.
    func writeBlock(_ chunks: [[UInt32]]) {
        guard !failed else { return }
        let sizes = chunks.map { UInt32($0.count) }
        do {
            try sizes.withUnsafeBytes { try file.write($0) }
            for chunk in chunks where !chunk.isEmpty { try chunk.withUnsafeBytes { try file.write($0) } }
        } catch {
            failed = true
        }
    }

    /// Back to the first block, for pass 2.
    func rewind() {
        readOffset = 0
    }

    /// The next block of `chunkCount` chunks: its words, and where each chunk starts in them.
    func readBlock(chunkCount: Int) throws -> (words: [UInt32], starts: [Int]) {
        var sizes = [UInt32](repeating: 0, count: chunkCount)
        try sizes.withUnsafeMutableBytes { try read($0) }
        var starts: [Int] = []
        starts.reserveCapacity(chunkCount)
        var total = 0
        for size in sizes {
            starts.append(total)
            total += Int(size)
        }
        var words = [UInt32](repeating: 0, count: total)
        try words.withUnsafeMutableBytes { try read($0) }
        return (words, starts)
    }

    private func read(_ bytes: UnsafeMutableRawBufferPointer) throws {
        do { try file.read(into: bytes, at: readOffset) } catch { throw ReadFailure() }
        readOffset += bytes.count
    }

    /// The file could not be read back (pass 2 then reads the texts again).
    struct ReadFailure: Error {}
}
