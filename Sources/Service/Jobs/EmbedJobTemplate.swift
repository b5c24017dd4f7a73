import Storage

/// How an embed job renders an item's text: literal text with `{question}`, `{answer}` and `{text}`
/// placeholders (a missing field renders as ""); `{{` and `}}` are literal braces.
struct EmbedJobTemplate: Sendable, Equatable {
    enum Field: String, Sendable, CaseIterable { case question, answer, text }
    enum Segment: Sendable, Equatable {
        case literal(String)
        case field(Field)
    }

    static let defaultText = "{question}\n{answer}"
    let source: String
    let segments: [Segment]

    /// Parses `source`; an unknown placeholder or an unmatched brace is a 400 naming `template`.
    init(_ source: String) throws(APIError) {
        self.source = source
        segments = try Self.parse(Array(source.unicodeScalars))
    }

    func render(_ item: ItemRecord) -> String {
        var out = ""
        for segment in segments {
            switch segment {
            case let .literal(s): out += s
            case .field(.question): out += item.question ?? ""
            case .field(.answer): out += item.answer ?? ""
            case .field(.text): out += item.text ?? ""
            }
        }
        return out
    }

    private static func parse(_ scalars: [Unicode.Scalar]) throws(APIError) -> [Segment] {
        var segments: [Segment] = []
        var literal = String.UnicodeScalarView()
        var i = 0
        func flush() {
            if !literal.isEmpty { segments.append(.literal(String(literal))) }
            literal = String.UnicodeScalarView()
        }
        while i < scalars.count {
            let c = scalars[i]
            let next = i + 1 < scalars.count ? scalars[i + 1] : nil
            if (c == "{" && next == "{") || (c == "}" && next == "}") {
                literal.append(c)
                i += 2
            } else if c == "{" {
                guard let close = scalars[(i + 1)...].firstIndex(of: "}") else {
                    throw APIError.invalid("template has a \"{\" without its \"}\" (write {{ for a literal brace)", param: "template")
                }
                let name = String(String.UnicodeScalarView(scalars[(i + 1)..<close]))
                guard let field = Field(rawValue: name) else {
                    throw APIError.invalid("template has an unknown placeholder {\(name)}; use {question}, {answer} or {text}", param: "template")
                }
                flush()
                segments.append(.field(field))
                i = close + 1
            } else if c == "}" {
                throw APIError.invalid("template has a \"}\" without its \"{\" (write }} for a literal brace)", param: "template")
            } else {
                literal.append(c)
                i += 1
            }
        }
        flush()
        return segments
    }
}
