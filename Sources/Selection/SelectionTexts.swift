import Foundation

/// The input of a method that selects on the items' text (`MethodDescription.Input.texts`):
/// the rendered candidate texts and the target texts.
public struct SelectionTexts: Sendable {
    public var candidates: any TextSource
    public var targets: any TextSource
    /// Where dsir may keep an anonymous file of pass 1's buckets for pass 2 (several hundred bytes
    /// per candidate, unlinked at once, freed at the end); nil: pass 2 reads the texts again.
    public var spillDirectory: String?

    public init(candidates: any TextSource, targets: any TextSource, spillDirectory: String? = NSTemporaryDirectory()) {
        self.candidates = candidates
        self.targets = targets
        self.spillDirectory = spillDirectory
    }
}
