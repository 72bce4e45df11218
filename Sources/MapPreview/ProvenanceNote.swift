import GeoCore

/// The map's note on what produced its data, read from the `metadata` member our outputs carry (README
/// "Provenance"): the command, the area, the access profile, the scenario, the timetables' service date and the
/// input files (their names say their vintage).
public enum ProvenanceNote {
    /// One line per input with provenance (identical lines once), then the data vintage (service date and input
    /// files) in one line when every input shares it; inputs without provenance are named in one last line.
    public static func lines(_ inputs: [(name: String, metadata: JSONValue?)]) -> [String] {
        var described: [(name: String, what: String, vintage: String?)] = [], without: [String] = []
        for input in inputs {
            guard let metadata = input.metadata, let what = line(metadata, withVintage: false) else { without.append(input.name); continue }
            described.append((input.name, what, vintage(metadata)))
        }
        let shared = Set(described.map { $0.vintage ?? "" }).count == 1 ? described.first?.vintage : nil
        var lines: [String] = [], seen = Set<String>()
        for d in described {
            let text = [d.what] + (shared == nil ? [d.vintage].compactMap { $0 } : [])
            let joined = text.joined(separator: " · ")
            if seen.insert(joined).inserted { lines.append("\(d.name): \(joined)") }
        }
        if let shared { lines.append("All inputs: \(shared)") }
        if !without.isEmpty {
            lines.append("\(without.joined(separator: ", ")): no provenance (not written by metrocommute, or by an older version)")
        }
        return lines
    }

    /// "rings on jingjinji · profile commuter (access walk, bicycle; egress walk) · service date 2016-03-10 · data:
    /// districts.geojson, …" (without the date and data when `withVintage` is false); nil when the value is not a
    /// provenance object.
    public static func line(_ metadata: JSONValue, withVintage: Bool = true) -> String? {
        guard case .object(let m) = metadata, let command = m["command"]?.stringValue else { return nil }
        var parts = [command + (m["area"]?.stringValue.map { " on \($0)" } ?? "")]
        if case .object(let profile)? = m["profile"], let name = profile["name"]?.stringValue {
            func modes(_ key: String) -> String? {
                guard case .array(let items)? = profile[key], !items.isEmpty else { return nil }
                return "\(key) " + items.compactMap(\.stringValue).joined(separator: ", ")
            }
            let modeText = [modes("access"), modes("egress")].compactMap { $0 }.joined(separator: "; ")
            parts.append("profile \(name)" + (modeText.isEmpty ? "" : " (\(modeText))"))
        } else {
            parts.append("no access profile")
        }
        if let scenario = scenarioText(m["scenario"]) { parts.append(scenario) }
        if withVintage, let vintage = vintage(metadata) { parts.append(vintage) }
        return parts.joined(separator: " · ")
    }

    /// "service date 2016-03-10 · rail_gtfs.zip, districts.geojson": the timetables' day and the input files.
    static func vintage(_ metadata: JSONValue) -> String? {
        guard case .object(let m) = metadata else { return nil }
        var parts: [String] = []
        if let date = m["service_date"]?.stringValue { parts.append("service date \(date)") }
        if case .array(let inputs)? = m["inputs"], !inputs.isEmpty {
            let files = inputs.compactMap { input -> String? in
                guard case .object(let i) = input, let path = i["path"]?.stringValue else { return nil }
                return path.split(separator: "/").last.map(String.init)
            }
            if !files.isEmpty { parts.append("data: " + files.joined(separator: ", ")) }
        }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }

    /// "scenario jingxiong", or for a comparison "before base, after jingxiong"; nil for the base network.
    static func scenarioText(_ value: JSONValue?) -> String? {
        func name(_ v: JSONValue?) -> String? {
            switch v {
            case .string(let s)?: return s
            case .object(let o)?: return o["name"]?.stringValue ?? o["path"]?.stringValue
            default: return nil
            }
        }
        guard let value, !value.isNull else { return nil }
        if case .object(let o) = value, o["before"] != nil || o["after"] != nil {
            return "before \(name(o["before"]) ?? "base"), after \(name(o["after"]) ?? "base")"
        }
        return name(value).map { "scenario \($0)" }
    }
}
