extension SelectionResult {
    /// Puts `quality` as the last diagnostic (replacing one the method set) and releases S
    /// (M x N float64) before the result is stored.
    public mutating func setQuality(_ quality: SelectionQuality?) {
        similarity = nil
        diagnostics.removeAll { $0.key == SelectionQuality.diagnosticKey }
        diagnostics.append(SelectionQuality.diagnostic(quality))
    }
}
