import ArgumentParser
import Foundation

@main
struct Shortlist: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shortlist",
        abstract: "Chooses data for language models: few-shot exemplars and training subsets.",
        subcommands: [Serve.self, Pools.self, Items.self, Features.self, Select.self, Exemplars.self, Evaluate.self, Jobs.self, Engine.self])

    /// Exit codes of the CLI contract: 0 ok, 1 API error, 2 usage, 3 connection failure.
    /// ArgumentParser's own usage errors (EX_USAGE, 64) are folded into 2.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code.rawValue == ExitCode.validationFailure.rawValue {
                Console.shared.err(fullMessage(for: error))
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }
}
