/// The two ways LESS groups and GIST target modes split `0..<M` (their validation and error codes
/// differ, so each checks its own input first).
enum TargetGrouping {
    /// `n` contiguous groups of `m / n` rows each; the caller has checked that `n` divides `m`.
    static func contiguous(_ n: Int, of m: Int) -> [[Int]] {
        let size = m / n
        return (0..<n).map { g in Array((g * size)..<((g + 1) * size)) }
    }

    /// One group per distinct label, groups in order of first appearance, rows ascending.
    static func byLabel(_ labels: [Int]) -> [[Int]] {
        var slot: [Int: Int] = [:]
        var groups: [[Int]] = []
        for (row, label) in labels.enumerated() {
            if let g = slot[label] {
                groups[g].append(row)
            } else {
                slot[label] = groups.count
                groups.append([row])
            }
        }
        return groups
    }
}
