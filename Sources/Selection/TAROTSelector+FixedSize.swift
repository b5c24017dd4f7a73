import JSON
import LinearAlgebra

extension TAROTSelector {
    /// `fixed_size` (tarot.md §5): whole neighbour layers while they fit, then the best `need` of
    /// the partial layer by Sinkhorn potential.
    static func fixedSize(
        _ count: Int, features: TAROTFeatures, neighbours: TAROTNeighbours, lastLayer: LastLayer, pool: WorkerPool,
        control: SelectionControl
    ) throws -> TAROTOutcome {
        var chosen = [Bool](repeating: false, count: features.n)
        // The last layer that listed each candidate: dedups a layer in O(M) instead of O(M²).
        var seenInLayer = [Int](repeating: -1, count: features.n)
        var size = 0
        var partial: JSONValue = .null
        for layer in 0..<neighbours.depth where size < count {
            try control.checkCancelled()
            var fresh: [Int] = []
            for j in 0..<features.m {
                let i = neighbours.neighbour(layer: layer, target: j)
                if !chosen[i] && seenInLayer[i] != layer { fresh.append(i) }
                seenInLayer[i] = layer
            }
            fresh.sort()
            if size + fresh.count <= count {
                for i in fresh { chosen[i] = true }
                size += fresh.count
                continue
            }
            let need = count - size
            let f = sinkhorn(features, candidates: fresh, targets: Array(0..<features.m), pool: pool).f
            let ranked = fresh.indices.sorted { a, b in
                if f[a] != f[b] { return lastLayer == .maxPotential ? f[a] > f[b] : f[a] < f[b] }
                return fresh[a] < fresh[b]
            }
            for a in ranked.prefix(need) { chosen[fresh[a]] = true }
            size = count
            partial = .object([
                .init("index", .int(layer)), .init("need", .int(need)),
                .init("new", .ints(fresh)), .init("potentials", .doubles(f)),
            ])
        }
        let selected = chosen.indices.filter { chosen[$0] }
        let warnings = selected.count < count ? ["neighbour lists exhausted: \(selected.count) < \(count) selected"] : []
        return TAROTOutcome(
            selected: selected,
            diagnostics: [.init("n_select", .int(count)), .init("last_layer", partial)],
            warnings: warnings)
    }
}
