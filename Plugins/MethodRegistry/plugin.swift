import Foundation
import PackagePlugin

/// Derives the Selection module's registries from its sources at build time, so that a method is
/// registered by the file that declares it: every type declared as conforming to `Selector` or to
/// `ExemplarRerankerMethod` is listed in a generated file (see MethodRegistryGenerator).
@main
struct MethodRegistry: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let module = target as? SourceModuleTarget else { return [] }
        let sources = module.sourceFiles(withSuffix: "swift").map(\.url)
        let output = context.pluginWorkDirectoryURL.appending(path: "MethodRegistry.swift")
        return [
            .buildCommand(
                displayName: "Deriving the method registry of \(target.name)",
                executable: try context.tool(named: "MethodRegistryGenerator").url,
                arguments: [output.path] + sources.map(\.path),
                inputFiles: sources, outputFiles: [output]),
        ]
    }
}
