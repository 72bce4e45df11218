import GeoCore

/// The legend column: per layer a heading, what it is, and one swatch per category with its feature count; at the
/// end the notes (what produced the data). Text that does not fit the column wraps; nothing is cut.
enum Legend {
    static func svg(layers: [MapLayer], styles: [LayerStyle], rendered: [RenderedLayer], width: Double,
                    hasHubTiers: Bool, projection: MapProjection, notes: [String] = []) -> (svg: String, heightPixels: Double) {
        let fmt = MapPreviewRenderer.fmt
        let left = 14.0, textX = 48.0, right = width - 12
        var y = 8.0
        var out = "<g class=\"legend\"><rect width=\"\(fmt(width))\" height=\"100%\" fill=\"#FFFFFF\"/>"
        out += "<line x1=\".5\" y1=\"0\" x2=\".5\" y2=\"100%\" stroke=\"#CCCCCC\"/>"
        for (i, layer) in layers.enumerated() {
            let style = styles[i], info = rendered[i]
            y += 2
            for line in wrapped(layer.name, to: right - left, fontSize: 12) {
                y += 14
                out += "<text class=\"lgh\" x=\"\(fmt(left))\" y=\"\(fmt(y))\">\(HTMLEscaping.escape(line))</text>"
            }
            y += 2
            var summary = "\(style.kind.legendDescription(style.swatch)) · \(info.drawnFeatureCount) drawn"
            if info.skippedNullGeometryCount > 0 { summary += " · \(info.skippedNullGeometryCount) without geometry" }
            for line in wrapped(summary, to: right - left, fontSize: 10) {
                y += 13
                out += "<text class=\"lgs\" x=\"\(fmt(left))\" y=\"\(fmt(y))\">\(HTMLEscaping.escape(line))</text>"
            }
            y += 6
            for (c, category) in style.categories.enumerated() where category.count > 0 || category.alwaysListed {
                y += 18
                out += swatch(style.swatch, category: category, className: "k\(i)-\(c)", x: left, centerY: y - 4)
                out += "<text class=\"lgn\" x=\"\(fmt(right))\" y=\"\(fmt(y))\">\(category.count)</text>"
                for (n, line) in wrapped(category.label, to: right - textX - 40, fontSize: 11).enumerated() {
                    if n > 0 { y += 13 }
                    out += "<text class=\"lg\" x=\"\(fmt(textX))\" y=\"\(fmt(y))\">\(HTMLEscaping.escape(line))</text>"
                }
            }
            y += 8
        }
        if hasHubTiers {
            y += 16
            out += "<text class=\"lgs\" x=\"\(fmt(left))\" y=\"\(fmt(y))\">Hub tiers: T trunk · I intercity · S suburban · M metro</text>"
        }
        y += 20
        let latitude = projection.referenceCoordinate.latitude
        let hemisphere = latitude >= 0 ? "N" : "S"
        out += "<text class=\"lgs\" x=\"\(fmt(left))\" y=\"\(fmt(y))\">Equirectangular, true scale at \(fmt(abs(latitude)))°\(hemisphere)</text>"
        y += 14
        out += "<text class=\"lgs\" x=\"\(fmt(left))\" y=\"\(fmt(y))\">Hover over the map for properties.</text>"
        if !notes.isEmpty { y += 8 }
        for note in notes {
            for line in wrapped(note, to: right - left, fontSize: 10) {
                y += 13
                out += "<text class=\"lgs note\" x=\"\(fmt(left))\" y=\"\(fmt(y))\">\(HTMLEscaping.escape(line))</text>"
            }
            y += 3
        }
        y += 12
        out += "</g>\n"
        return (out, y)
    }

    /// A swatch of the layer's main primitive, using the same CSS classes as the features of the category.
    static func swatch(_ kind: PrimitiveKind, category: StyleCategory, className: String, x: Double, centerY: Double) -> String {
        let fmt = MapPreviewRenderer.fmt
        switch kind {
        case .areal:
            return "<rect class=\"\(className)a\" x=\"\(fmt(x))\" y=\"\(fmt(centerY - 6))\" width=\"26\" height=\"12\"/>"
        case .linear:
            return "<path class=\"\(className)l\" d=\"M\(fmt(x)) \(fmt(centerY))h26\"/>"
        case .point:
            return "<circle class=\"\(className)p\" cx=\"\(fmt(x + 13))\" cy=\"\(fmt(centerY))\" r=\"\(fmt(min(category.pointRadius, 6)))\"/>"
        }
    }

    /// `text` in lines of at most `widthPixels`, broken after a space, `·`, `_`, `-`, `/` or `,` where the line
    /// has one, else between characters (CJK text has no spaces). Joined again the lines give the text back.
    static func wrapped(_ text: String, to widthPixels: Double, fontSize: Double) -> [String] {
        var lines: [String] = []
        var line = ""
        for ch in text {
            if !line.isEmpty, TextMetrics.widthPixels(line + String(ch), fontSizePixels: fontSize) > widthPixels {
                if ch == " " {  // the space that overflows ends the line
                    lines.append(line + " ")
                    line = ""
                    continue
                }
                var rest = ""
                if let cut = line.lastIndex(where: { " ·_-/,".contains($0) }) {
                    rest = String(line[line.index(after: cut)...])
                    line = String(line[...cut])
                }
                if TextMetrics.widthPixels(rest + String(ch), fontSizePixels: fontSize) > widthPixels {
                    line += rest
                    rest = ""
                }
                lines.append(line)
                line = rest
            }
            line.append(ch)
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }
}
