import ArgumentParser
import Foundation
import Service

/// `shortlist serve`: runs the HTTP service. Its options are the settings table of
/// `ServiceConfiguration.settings`: each is a flag and a `SHORTLIST_*` variable, read from there.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the Shortlist HTTP service.",
        usage: "shortlist serve [--<setting> <value> ...]",
        discussion: """
            Every setting is a flag and an environment variable (in brackets); a flag wins over the \
            variable, the variable over the default. An unknown SHORTLIST_* variable is reported at start.

            SETTINGS:
            \(ServiceConfiguration.settingsHelp)
            """)

    /// The settings as given on the command line; parsed by the table, not by the argument parser.
    @Argument(parsing: .allUnrecognized, help: .hidden)
    var settings: [String] = []

    /// `--name value`, `--name=value` and bare switches, by flag name.
    func flagValues() throws(ConfigurationError) -> [String: String] {
        var values: [String: String] = [:]
        var rest = settings[...]
        while let token = rest.popFirst() {
            guard token.hasPrefix("--"), token.count > 2 else { throw ConfigurationError("unexpected argument \"\(token)\"") }
            let body = token.dropFirst(2)
            if let equals = body.firstIndex(of: "=") {
                values[String(body[..<equals])] = String(body[body.index(after: equals)...])
                continue
            }
            let name = String(body)
            if ServiceConfiguration.setting(flag: name)?.isSwitch == true {
                values[name] = "true"
            } else if let value = rest.popFirst() {
                values[name] = value
            } else {
                throw ConfigurationError("--\(name) needs a value")
            }
        }
        return values
    }

    func resolvedConfiguration(environment: [String: String]) throws(ConfigurationError) -> ServiceConfiguration {
        try ServiceConfiguration.resolve(flags: try flagValues(), environment: environment)
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        for warning in ServiceConfiguration.unknownVariableWarnings(environment: environment) {
            FileHandle.standardError.write(Data((warning + "\n").utf8))
        }
        let configuration: ServiceConfiguration
        do {
            configuration = try resolvedConfiguration(environment: environment)
        } catch {
            throw ValidationError(String(describing: error))
        }
        try ShortlistService.runUntilSignalled(configuration)
    }
}
