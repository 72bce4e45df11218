/// Builds RFC 4180 CSV text: LF line ends, fields quoted only when they hold a comma, quote, CR or LF.
public struct CsvWriter {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func writeRow(_ fields: [String]) {
        for (i, field) in fields.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            let utf8 = Array(field.utf8)
            let needsQuotes = utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            if needsQuotes {
                bytes.append(0x22)
                for b in utf8 {
                    if b == 0x22 { bytes.append(0x22) }
                    bytes.append(b)
                }
                bytes.append(0x22)
            } else {
                bytes.append(contentsOf: utf8)
            }
        }
        bytes.append(0x0A)
    }
}
