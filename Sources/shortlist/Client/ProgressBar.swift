/// A one-line text progress bar, redrawn in place with "\r".
enum ProgressBar {
    static func render(label: String, done: Int, total: Int, width: Int = 30) -> String {
        guard total > 0 else { return "\r\(label) \(done)" }
        let fraction = min(1, max(0, Double(done) / Double(total)))
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        return "\r\(label) [\(bar)] \(Int(fraction * 100))% \(done)/\(total)"
    }
}
