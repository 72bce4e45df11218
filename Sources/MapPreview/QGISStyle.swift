import GeoCore

/// A QGIS layer style (QML, the format of QGIS's .qml files and of a GeoPackage's `layer_styles` table): one
/// renderer (a single symbol, categories of a field's values, or graduated bins of a number) and optional labels.
/// Colours come from the palette; `forLayer` picks the style an output layer gets.
public struct QGISStyle: Sendable, Equatable {
    public enum SymbolKind: String, Sendable { case fill, line, marker }

    /// One symbol's look: colour, outline (fills and markers), width (lines, outlines; points), size (markers, mm).
    public struct Look: Sendable, Equatable {
        public var color: String
        public var outline: String
        public var width: Double
        public var opacity: Double = 1
        /// Fills only: draw the outline alone.
        public var hollow = false
    }

    public struct Category: Sendable, Equatable {
        public var value: String
        public var label: String
        public var look: Look
    }

    public struct Bin: Sendable, Equatable {
        public var lower: Double
        public var upper: Double
        public var label: String
        public var look: Look
    }

    public enum Renderer: Sendable, Equatable {
        case single(Look)
        case categorized(field: String, [Category])
        case graduated(field: String, [Bin])
    }

    public var symbol: SymbolKind
    public var renderer: Renderer
    /// The field whose text labels each feature; nil for none.
    public var labelField: String?

    public init(symbol: SymbolKind, renderer: Renderer, labelField: String? = nil) {
        self.symbol = symbol; self.renderer = renderer; self.labelField = labelField
    }

    // MARK: - Styles of the outputs

    /// The style of one output layer, by what it holds: ring districts by class, the commute circle as a red
    /// outline, isochrones by cutoff, hubs by rating, sections by v/c, stations and lines by tier, gap features by
    /// kind, districts as the base map; anything else one colour of the generic set (by `index`). Labels carry
    /// the district, station or hub name where the layer has one. Categories come from the values `features` hold.
    public static func forLayer(_ layer: FeatureSchema.Layer, features: [Feature], index: Int = 0,
                                palette: Palette = .shipped) -> QGISStyle {
        let fields = Set(layer.fields.map(\.name))
        let symbol = symbolKind(layer.geometryType, features: features)
        let label = ["district", "station", "name", "hub"].first { fields.contains($0) && layer.name != "line" && layer.name != "commute_circle" }
        func values(_ field: String) -> [JSONValue] {
            var seen = Set<JSONValue>(), out: [JSONValue] = []
            for f in features { if let v = f.properties[field], !v.isNull, seen.insert(v).inserted { out.append(v) } }
            return out
        }
        func text(_ v: JSONValue) -> String {
            if let s = v.stringValue { return s }
            if let n = v.intValue { return String(n) }
            return v.doubleValue.map { String($0) } ?? ""
        }
        let base = Look(color: palette.district.fill, outline: palette.district.outline, width: 0.6)

        if layer.name == "commute_circle" {
            return QGISStyle(symbol: .fill, renderer: .single(Look(color: palette.commuteCircle, outline: palette.commuteCircle,
                                                                   width: 2.5, hollow: true)))
        }
        if fields.contains("class") {
            // ≤30, ≤45, ≤60, >60: by the number, the open band last.
            let classes = values("class").compactMap(\.stringValue).sorted { a, b in
                let ka = (a.hasPrefix(">") ? 1 : 0, Double(a.drop { !$0.isNumber }) ?? 0)
                let kb = (b.hasPrefix(">") ? 1 : 0, Double(b.drop { !$0.isNumber }) ?? 0)
                return ka < kb
            }
            let open = classes.filter { $0.hasPrefix(">") }.count
            return QGISStyle(symbol: symbol, renderer: .categorized(field: "class", classes.enumerated().map { i, c in
                let color = c.hasPrefix(">") ? palette.ringClasses.last! : palette.ringClassColor(index: i, of: classes.count - open + 1)
                return Category(value: c, label: c.replacingOccurrences(of: "≤", with: "≤ ").replacingOccurrences(of: ">", with: "> ") + " min",
                                look: Look(color: color, outline: "#FFFFFF", width: 0.6, opacity: 0.85))
            }), labelField: label)
        }
        if fields.contains("cutoff_min") {
            let cutoffs = values("cutoff_min").compactMap(\.doubleValue).sorted()
            return QGISStyle(symbol: symbol, renderer: .categorized(field: "cutoff_min", cutoffs.enumerated().map { i, c in
                let color = palette.sequentialColor(rank: i, of: cutoffs.count)
                return Category(value: text(.number(c)), label: "≤ \(text(.number(c))) min",
                                look: Look(color: color, outline: color, width: 0.8, opacity: 0.55))
            }))
        }
        if fields.contains("worst_rating") {
            let ratings = ["zero_distance", "acceptable", "poor", "disconnected"]
            return QGISStyle(symbol: symbol, renderer: .categorized(field: "worst_rating", ratings.map { r in
                Category(value: r, label: r.replacingOccurrences(of: "_", with: "-"),
                         look: Look(color: palette.hubRatings[r] ?? palette.missing, outline: "#202020", width: 1))
            }), labelField: label)
        }
        if fields.contains("v_c") {
            var lower = 0.0
            return QGISStyle(symbol: symbol, renderer: .graduated(field: "v_c", palette.volumeOverCapacity.map { b in
                defer { lower = b.upper ?? lower }
                return Bin(lower: lower, upper: b.upper ?? 1e9, label: b.label, look: Look(color: b.color, outline: "#404040", width: b.width))
            }))
        }
        if fields.contains("tier") {
            return QGISStyle(symbol: symbol, renderer: .categorized(field: "tier", ["trunk", "intercity", "suburban", "metro"].map { t in
                let color = palette.tiers[t] ?? palette.missing
                return Category(value: t, label: t, look: Look(color: color, outline: "#FFFFFF", width: t == "metro" ? 1.6 : 2.2))
            }), labelField: layer.name == "station" ? label : nil)
        }
        if let color = palette.gapKinds[layer.name] {
            return QGISStyle(symbol: symbol, renderer: .single(Look(color: color, outline: layer.name == "coverage" ? palette.district.outline : "#202020",
                                                                    width: symbol == .line ? 2 : 0.6, opacity: symbol == .fill ? 0.7 : 1)),
                             labelField: label)
        }
        if layer.name == "district" { return QGISStyle(symbol: .fill, renderer: .single(base), labelField: label) }
        let color = palette.generic[index % palette.generic.count]
        return QGISStyle(symbol: symbol, renderer: .single(Look(color: color, outline: color, width: 1.8, opacity: symbol == .fill ? 0.35 : 1)),
                         labelField: label)
    }

    static func symbolKind(_ type: FeatureSchema.GeometryType, features: [Feature]) -> SymbolKind {
        switch type {
        case .point, .multiPoint: return .marker
        case .lineString, .multiLineString: return .line
        case .polygon, .multiPolygon: return .fill
        case .any:
            switch features.compactMap(\.geometry).first {
            case .point?, .multiPoint?: return .marker
            case .polygon?, .multiPolygon?: return .fill
            default: return .line
            }
        }
    }

    // MARK: - QML

    /// The style as a QML document (QGIS 3), deterministic.
    public var qml: String {
        var out = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        out += "<qgis version=\"3.22.0\" styleCategories=\"Symbology|Labeling\" labelsEnabled=\"\(labelField == nil ? 0 : 1)\">\n"
        switch renderer {
        case .single(let look):
            out += "  <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n"
            out += "    <symbols>\n" + symbolXML(look, name: "0") + "    </symbols>\n"
        case .categorized(let field, let categories):
            out += "  <renderer-v2 type=\"categorizedSymbol\" attr=\"\(Self.escape(field))\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n"
            out += "    <categories>\n"
            for (i, c) in categories.enumerated() {
                out += "      <category value=\"\(Self.escape(c.value))\" label=\"\(Self.escape(c.label))\" symbol=\"\(i)\" render=\"true\"/>\n"
            }
            out += "    </categories>\n    <symbols>\n"
            for (i, c) in categories.enumerated() { out += symbolXML(c.look, name: String(i)) }
            out += "    </symbols>\n"
        case .graduated(let field, let bins):
            out += "  <renderer-v2 type=\"graduatedSymbol\" attr=\"\(Self.escape(field))\" graduatedMethod=\"GraduatedColor\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n"
            out += "    <ranges>\n"
            for (i, b) in bins.enumerated() {
                out += "      <range lower=\"\(Self.number(b.lower))\" upper=\"\(Self.number(b.upper))\" label=\"\(Self.escape(b.label))\" symbol=\"\(i)\" render=\"true\"/>\n"
            }
            out += "    </ranges>\n    <symbols>\n"
            for (i, b) in bins.enumerated() { out += symbolXML(b.look, name: String(i)) }
            out += "    </symbols>\n"
        }
        out += "  </renderer-v2>\n"
        if let labelField {
            let placement = symbol == .line ? 2 : (symbol == .marker ? 0 : 1)
            out += "  <labeling type=\"simple\">\n    <settings calloutType=\"simple\">\n"
            out += "      <text-style fieldName=\"\(Self.escape(labelField))\" isExpression=\"0\" fontSize=\"8\" fontSizeUnit=\"Point\" textColor=\"40,40,40,255\" textOpacity=\"1\">\n"
            out += "        <text-buffer bufferDraw=\"1\" bufferSize=\"0.8\" bufferSizeUnits=\"MM\" bufferColor=\"255,255,255,255\" bufferOpacity=\"1\"/>\n"
            out += "      </text-style>\n"
            out += "      <placement placement=\"\(placement)\" dist=\"1\" distUnits=\"MM\"/>\n"
            out += "      <rendering obstacle=\"1\" displayAll=\"0\"/>\n"
            out += "    </settings>\n  </labeling>\n"
        }
        out += "</qgis>\n"
        return out
    }

    private func symbolXML(_ look: Look, name: String) -> String {
        let alpha = Self.number(look.opacity)
        var out = "      <symbol type=\"\(symbol.rawValue)\" name=\"\(name)\" alpha=\"\(alpha)\" clip_to_extent=\"1\" force_rhr=\"0\">\n"
        var props: [(String, String)]
        switch symbol {
        case .fill:
            out += "        <layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\">\n"
            props = [("color", Self.rgba(look.color)), ("style", look.hollow ? "no" : "solid"),
                     ("outline_color", Self.rgba(look.outline)), ("outline_style", "solid"),
                     ("outline_width", Self.number(Self.millimetres(look.width))), ("outline_width_unit", "MM")]
        case .line:
            out += "        <layer class=\"SimpleLine\" enabled=\"1\" locked=\"0\" pass=\"0\">\n"
            props = [("line_color", Self.rgba(look.color)), ("line_style", "solid"),
                     ("line_width", Self.number(Self.millimetres(look.width))), ("line_width_unit", "MM"), ("capstyle", "round"),
                     ("joinstyle", "round")]
        case .marker:
            out += "        <layer class=\"SimpleMarker\" enabled=\"1\" locked=\"0\" pass=\"0\">\n"
            props = [("name", "circle"), ("color", Self.rgba(look.color)), ("outline_color", Self.rgba(look.outline)),
                     ("outline_style", "solid"), ("outline_width", "0.2"), ("outline_width_unit", "MM"), ("size", "2.4"),
                     ("size_unit", "MM")]
        }
        for (k, v) in props { out += "          <prop k=\"\(k)\" v=\"\(Self.escape(v))\"/>\n" }
        out += "        </layer>\n      </symbol>\n"
        return out
    }

    /// Points (of the palette's widths, as in the HTML preview) to millimetres, 3 decimals.
    static func millimetres(_ points: Double) -> Double { (points * 0.3528 * 1000).rounded() / 1000 }

    static func rgba(_ hex: String) -> String {
        let c = Palette.rgb(hex) ?? [128, 128, 128]
        return "\(c[0]),\(c[1]),\(c[2]),255"
    }

    static func number(_ x: Double) -> String { GeoJSONNumberFormatter(maximumFractionDigits: 6).string(x) }

    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}
