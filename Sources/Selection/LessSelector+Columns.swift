extension LessSelector: ColumnSelector {
    public static func select(columns s: any SimilarityColumns, budget: Budget?, parameters: Parameters, control: SelectionControl) throws -> SelectionResult {
        try parameters.rejectUnknown(allowed: allowedParameters)
        return try select(columns: s, budget: budget, groups: try LessGroups.parse(parameters.raw(LessGroups.parameterName)))
    }

    /// `select(_:budget:groups:control:)` on S read in column blocks: every candidate's score in
    /// one pass (N float64 held, which `all_scores` reports anyway).
    static func select(columns s: any SimilarityColumns, budget: Budget?, groups: LessGroups) throws -> SelectionResult {
        let members = try groups.members(targetCount: s.targetCount)
        let k = try SimilarityRequest.resolveBudget(budget, candidateCount: s.candidateCount)
        return ranked(try LessScoring.scores(columns: s, groups: members), k: k)
    }
}

extension LessDoublyGreedySelector: ColumnSelector {
    public static func select(columns s: any SimilarityColumns, budget: Budget?, parameters: Parameters, control: SelectionControl) throws -> SelectionResult {
        try parameters.rejectUnknown(allowed: allowedParameters)
        return try LessSelector.select(columns: s, budget: budget, groups: .each)
    }
}

extension LessMeanTopKSelector: ColumnSelector {
    public static func select(columns s: any SimilarityColumns, budget: Budget?, parameters: Parameters, control: SelectionControl) throws -> SelectionResult {
        try parameters.rejectUnknown(allowed: allowedParameters)
        return try LessSelector.select(columns: s, budget: budget, groups: .all)
    }
}
