import Selection
import Storage

/// A request of a method on the items' text (dsir) resolved in one read snapshot: the candidate
/// pool's items (row ids in index order) and the template that renders them, and the targets:
/// another pool's items with their template, or inline texts. Built when the request is
/// validated and again when the job starts; an unknown pool is a 404 both times (dsir.md §2).
struct TextSelectionPlan: Sendable {
    enum Targets: Sendable {
        case none
        case pool(PoolRecord, rowIDs: [Int64], template: EmbedJobTemplate)
        case texts([String])
    }

    let pool: PoolRecord
    let rowIDs: [Int64]
    let template: EmbedJobTemplate
    let targets: Targets

    var candidateCount: Int { rowIDs.count }

    static func resolve(_ request: SelectionRequest, in db: Database) throws -> TextSelectionPlan {
        let pool = try requirePool(db, request.candidatePool, param: "candidates.pool")
        let params = request.parameters
        let defaultTemplate = EmbedJobTemplate.defaultText
        let template = try parseTemplate(params.raw("template")?.stringValue ?? defaultTemplate, name: "template")
        let targetTemplate = try params.raw("target_template")?.stringValue.map { try parseTemplate($0, name: "target_template") }
        let targets: Targets
        switch request.targets {
        case let .pool(name):
            let targetPool = try requirePool(db, name, param: "targets.pool")
            targets = .pool(targetPool, rowIDs: try db.itemRowIDs(poolID: targetPool.id), template: targetTemplate ?? template)
        case let .texts(texts):
            guard targetTemplate == nil else {
                throw APIError.invalid("target_template renders a target pool's items; inline targets.texts are used verbatim",
                                       param: "params.target_template", code: "invalid_parameter")
            }
            targets = .texts(texts)
        case .none, .stored, .vectors, .checkpoints:
            targets = .none
        }
        return TextSelectionPlan(pool: pool, rowIDs: try db.itemRowIDs(poolID: pool.id), template: template, targets: targets)
    }

    private static func requirePool(_ db: Database, _ name: String, param: String) throws -> PoolRecord {
        guard let pool = try db.pool(named: name) else { throw APIError.notFound("pool '\(name)' not found", param: param) }
        return pool
    }

    /// A template error names the parameter it came from (`params.template`, `params.target_template`).
    private static func parseTemplate(_ source: String, name: String) throws -> EmbedJobTemplate {
        do {
            return try EmbedJobTemplate(source)
        } catch {
            throw APIError.invalid(error.message, param: "params.\(name)", code: "invalid_parameter")
        }
    }

    /// The engine's input: the candidates' and targets' texts read from `db` block by block
    /// (inside the caller's read snapshot), or sources that only give their counts (`probe`).
    func input(db: Database?, interruption: ReadInterruption? = nil, blockRows: Int, workers: Int = 1) -> SelectionInput {
        func source(_ pool: PoolRecord, _ rowIDs: [Int64], _ template: EmbedJobTemplate) -> any TextSource {
            guard let db else { return ProbeTextSource(count: rowIDs.count) }
            return StoredItemTextSource(db: db, interruption: interruption, poolID: pool.id, rowIDs: rowIDs, template: template)
        }
        let targetSource: any TextSource
        switch targets {
        case .none: targetSource = ArrayTextSource([])
        case let .texts(texts): targetSource = db == nil ? ProbeTextSource(count: texts.count) : ArrayTextSource(texts)
        case let .pool(targetPool, ids, targetTemplate): targetSource = source(targetPool, ids, targetTemplate)
        }
        let texts = SelectionTexts(candidates: source(pool, rowIDs, template), targets: targetSource)
        return SelectionInput(texts: texts, blockRows: blockRows, workers: workers)
    }
}
