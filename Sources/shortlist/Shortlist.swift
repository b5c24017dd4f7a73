import ArgumentParser

@main
struct Shortlist: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shortlist",
        abstract: "Chooses data for language models: few-shot exemplars and training subsets.",
        subcommands: [Serve.self])
}
