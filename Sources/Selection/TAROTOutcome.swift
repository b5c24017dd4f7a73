import JSON

/// What a TAROT mode decided: the selected set (ascending), its mode diagnostics and warnings.
struct TAROTOutcome {
    var selected: [Int]
    var diagnostics: [JSONValue.Member]
    var warnings: [String]
}
