/// The input of a method that selects on the items' text (`MethodDescription.Input.texts`):
/// the rendered candidate texts and the target texts.
public struct SelectionTexts: Sendable {
    public var candidates: any TextSource
    public var targets: any TextSource

    public init(candidates: any TextSource, targets: any TextSource) {
        self.candidates = candidates
        self.targets = targets
    }
}
