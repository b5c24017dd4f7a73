extension WorkerPool {
    /// Chunk of values each task zeroes: 4 MiB of float64, large enough that the task overhead
    /// is nothing next to the page faults it takes.
    static let zeroChunk = 1 << 19

    /// `count` zeros, written by the pool's workers in fixed chunks. An M x N buffer of a job is
    /// hundreds of megabytes whose first touch (page faults + memset) cost ~0.2 s on the job's
    /// thread alone before this; the values are the same zeros whoever writes them. The buffer
    /// is advised to huge pages first (`HugePages`): fewer, cheaper faults.
    func zeroed<T: BinaryFloatingPoint>(count: Int, of _: T.Type = T.self) throws -> [T] {
        guard count > 0 else { return [] }
        let chunks = WorkerPool.ranges(count, size: Self.zeroChunk)
        return try [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let base = buffer.baseAddress!
            HugePages.advise(UnsafeMutableRawPointer(base), bytes: count * MemoryLayout<T>.stride)
            try forEach(chunks.count) { task, _ in
                (base + chunks[task].lowerBound).initialize(repeating: 0, count: chunks[task].count)
            }
            initialized = count
        }
    }
}
