/// One field of the CSV tables the commands write (RFC 4180, LF line ends).
///
/// A text cell that starts with `=`, `+`, `-` or `@` is a formula to a spreadsheet (a station named
/// `=HYPERLINK(…)` would become a link): such cells get a leading `'`, which spreadsheets show as text and do not
/// run. Cells that read as numbers (`-3.5`, `+1e3`) stay as they are.
public enum CSVField {
    /// The byte-order mark that makes Excel read a CSV as UTF-8 (`--excel`).
    public static let utf8ByteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// `text` neutralised when it would be run as a formula.
    public static func neutralised(_ text: String) -> String {
        guard let first = text.utf8.first, first == UInt8(ascii: "=") || first == UInt8(ascii: "+")
                || first == UInt8(ascii: "-") || first == UInt8(ascii: "@") else { return text }
        if Double(text) != nil { return text }
        return "'" + text
    }

    /// `text` as one field: neutralised (unless `neutralisingFormulas` is false), then quoted when it holds a
    /// comma, quote, CR or LF (quotes doubled).
    public static func encoded(_ text: String, neutralisingFormulas: Bool = true) -> String {
        let field = neutralisingFormulas ? neutralised(text) : text
        guard field.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One record: the fields encoded, joined by commas, ended by LF.
    public static func record(_ fields: [String], neutralisingFormulas: Bool = true) -> String {
        fields.map { encoded($0, neutralisingFormulas: neutralisingFormulas) }.joined(separator: ",") + "\n"
    }
}
