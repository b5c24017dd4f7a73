import Selection

/// The re-rankers by name, for tests that pick one (the service itself only names its default).
extension ExemplarReranker {
    static let knn = ExemplarReranker(KNNReranker.self)
    static let gaussian = ExemplarReranker(GaussianReranker.self)
    static let mgs = ExemplarReranker(MGSReranker.self)
    static let mmr = ExemplarReranker(MMRReranker.self)
    static let random = ExemplarReranker(RandomReranker.self)
}
