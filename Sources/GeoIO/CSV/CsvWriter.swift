import GeoCore

/// Builds RFC 4180 CSV text: LF line ends, fields quoted only when they hold a comma, quote, CR or LF; text
/// cells that a spreadsheet would run as a formula are neutralised (`CSVField`) unless `neutralisesFormulas`
/// is false (convert keeps the user's cells as they are unless `--excel`).
public struct CsvWriter {
    public private(set) var bytes: [UInt8] = []
    public var neutralisesFormulas: Bool

    public init(neutralisesFormulas: Bool = true) {
        self.neutralisesFormulas = neutralisesFormulas
    }

    public mutating func writeRow(_ fields: [String]) {
        bytes.append(contentsOf: CSVField.record(fields, neutralisingFormulas: neutralisesFormulas).utf8)
    }
}
