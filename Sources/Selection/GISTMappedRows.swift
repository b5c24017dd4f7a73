/// GIST's map outputs (`GISTShardCosines`) read in blocks of rows, for a sharded run's reduce
/// that never holds N x C: consecutive blocks covering `0..<N` in order, each with every
/// checkpoint's unweighted cosines of those rows with its unit targets (rows x C, row-major), a
/// repeated row's (by fingerprint) being its first occurrence's, as the local pass takes them.
public protocol GISTMappedRows: Sendable {
    func forEachBlock(_ body: (_ start: Int, _ count: Int, _ cosines: [[Double]]) throws -> Void) throws
}
