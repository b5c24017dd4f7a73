extension ServiceConfiguration {
    /// The settings as `serve --help` prints them: the flag with its variable, then the help with
    /// the range and the default, each line within 76 columns (the argument parser wraps
    /// discussion text again a little before 80).
    public static var settingsHelp: String {
        settings.map { s in
            let flag = "--\(s.flag)" + (s.valueName.map { " <\($0)>" } ?? "")
            var details = s.help
            if let range = s.range { details += " (\(range))" }
            if let value = s.defaultText { details += " Default: \(value)." }
            if !s.fallbackVariables.isEmpty { details += " Falls back to \(s.fallbackVariables.joined(separator: ", "))." }
            return "  \(flag)  [\(s.variable)]\n" + wrapped(details, indent: 6, width: 76)
        }.joined(separator: "\n")
    }

    /// The Markdown table of the README's Configuration section.
    public static var settingsMarkdownTable: String {
        var lines = ["| flag | variable | default | range | meaning |", "| --- | --- | --- | --- | --- |"]
        for s in settings {
            let flag = "`--\(s.flag)`" + (s.valueName.map { " `<\($0)>`" } ?? "")
            let variable = ([s.variable] + s.fallbackVariables).map { "`\($0)`" }.joined(separator: ", ")
            lines.append("| \(flag) | \(variable) | \(s.defaultText.map { "`\($0)`" } ?? "") | \(s.range ?? "") | \(s.help) |")
        }
        return lines.joined(separator: "\n")
    }

    private static func wrapped(_ text: String, indent: Int, width: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        var lines: [String] = []
        var line = pad
        for word in text.split(separator: " ") {
            if line.count > indent, line.count + 1 + word.count > width {
                lines.append(line)
                line = pad
            }
            line += (line.count > indent ? " " : "") + word
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }
}
