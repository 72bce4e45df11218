/// A scale bar of a round ground length (1, 2 or 5 × 10ⁿ metres) at most `maximumPixels` long.
public struct ScaleBar: Hashable, Sendable {
    public let lengthMeters: Double
    public let lengthPixels: Double

    public init(metersPerPixel: Double, maximumPixels: Double) {
        precondition(metersPerPixel > 0 && maximumPixels > 0, "scale bar needs a positive scale and width")
        let limit = metersPerPixel * maximumPixels
        var unit = 1.0
        while unit * 10 <= limit { unit *= 10 }
        while unit > limit { unit /= 10 }
        var best = unit
        for step in [2.0, 5.0] where unit * step <= limit { best = unit * step }
        lengthMeters = best
        lengthPixels = best / metersPerPixel
    }

    /// "20 km", "500 m"; below 1 km in metres.
    public var label: String {
        if lengthMeters >= 1000 {
            let km = lengthMeters / 1000
            return km == km.rounded() ? "\(Int(km)) km" : "\(km) km"
        }
        if lengthMeters >= 1 { return "\(Int(lengthMeters.rounded())) m" }
        return "\(lengthMeters) m"
    }
}
