/// What a sharded run's map steps already computed from the candidates, handed to the method
/// in place of its own streamed pass (`shortlist engine reduce`): the map checked every row for
/// NaN and Inf, and, for the similarity methods, produced the cosines the reduce assembled into
/// `similarity` exactly as `SimilarityMatrix.compute` would have (`SimilarityMatrix.assemble`).
/// For GIST, the maps also projected the candidates and computed their cosines with the
/// checkpoint's unit targets (`GISTShardCosines`), read in blocks of rows (`GISTMappedRows`).
/// The candidates' sources are then only shapes; the method's global steps run unchanged.
public struct MappedCandidates: Sendable {
    /// S, or nil for a method that needs none (`random` without targets).
    public let similarity: SimilarityMatrix?
    /// GIST's map outputs, or nil for another method.
    public let gistRows: (any GISTMappedRows)?

    public init(similarity: SimilarityMatrix?, gistRows: (any GISTMappedRows)? = nil) {
        self.similarity = similarity
        self.gistRows = gistRows
    }
}
