import JSON

extension ShortlistService {
    /// No body's vector is decoded into floats below this width, whatever is stored: the widest
    /// `--embed-dimensions`, so a vector that fits no feature of an empty service is still judged
    /// by its route (a 404 for its pool) rather than refused for its width.
    static let floatColumnsFloor = 65_536

    /// How much of a body's numeric arrays is decoded: vectors up to the widest stored checkpoint
    /// (or the floor), at most `rows` rows. Beyond that no request could use them, and a body of
    /// short numbers (`[0,0,...]`, 2 bytes each) would decode into twice its size in floats:
    /// skipped unread, it costs its bytes and nothing more.
    func floatLimits(rows: Int = .max) throws -> JSONFloatLimits {
        let widest = try database.read { db in try db.widestCheckpointDim() }
        return JSONFloatLimits(columns: max(widest, Self.floatColumnsFloor), rows: rows)
    }
}
