import Foundation
import GeoCore
import Network

/// Checks on where planning-line stations lie, run once every input is read.
///
/// - Outside the area: a station more than `outsideMarginKilometers` beyond the bounding box of the area's
///   districts is an error naming it (a swapped lon/lat, a dropped digit). GTFS stops are not checked: a
///   national rail feed reaches far beyond any one area.
/// - GCJ-02 left in (or applied twice): planning-line stations are matched by name (a trailing 站 and spaces
///   ignored) to GTFS stops within `matchRadiusMeters`. For each pair the displacement station − stop is
///   compared with the GCJ-02 offset at the stop (`GCJ02.fromWGS84(stop) − stop`, 300–700 m in China). When at
///   least `minimumPairs` pairs lie within 35 % of that offset (in meters) of +offset, and they are more than
///   twice the pairs that lie within the same distance of the stop itself, the stations look GCJ-02 though
///   read as WGS-84; −offset means WGS-84 coordinates converted as if GCJ-02. Either is a warning naming the
///   input and its `crs`: the GTFS stops are trusted, as published WGS-84 timetables are.
enum StationPlacementChecks {
    static let outsideMarginKilometers = 50.0
    static let matchRadiusMeters = 3_000.0
    static let minimumPairs = 3

    /// Throws for the first station of `stops` (indices into `input.stops`) outside the districts' box.
    static func requireInside(_ input: TransitInput, stops: Range<Int>, districts: [District], districtsFile: String,
                              inputName: String) throws {
        guard var box = districts.compactMap({ Geometry.multiPolygon($0.boundary).boundingBox }).first else { return }
        for d in districts { if let b = Geometry.multiPolygon(d.boundary).boundingBox { box.extend(b) } }
        let marginLatitude = outsideMarginKilometers / 111.0
        let marginLongitude = marginLatitude / max(0.2, cos(box.center.latitude * .pi / 180))
        let grown = BoundingBox(minLongitude: box.minLongitude - marginLongitude, minLatitude: box.minLatitude - marginLatitude,
                                maxLongitude: box.maxLongitude + marginLongitude, maxLatitude: box.maxLatitude + marginLatitude)
        for i in stops where !grown.contains(input.stops[i].coordinate) {
            let s = input.stops[i]
            throw InputError(file: inputName, message: "station \(s.key) \"\(s.name)\" at \(s.coordinate) lies more than "
                                + "\(Int(outsideMarginKilometers)) km outside the area's districts (\(districtsFile)); "
                                + "check its coordinates (lon/lat swapped?)")
        }
    }

    enum Shift { case gcjOffset, reverseOffset }

    /// The shift the planning-line stations in `stations` show against the GTFS stops in `reference`, if any.
    static func gcjShift(_ input: TransitInput, stations: Range<Int>, reference: [Int]) -> (shift: Shift, pairs: Int, meters: Int)? {
        func normal(_ name: String) -> String {
            var n = name.filter { !$0.isWhitespace }
            if n.hasSuffix("站") { n.removeLast() }
            return n
        }
        var byName: [String: [Int]] = [:]
        for r in reference where !input.stops[r].name.isEmpty { byName[normal(input.stops[r].name), default: []].append(r) }
        var shifted = 0, reversed = 0, aligned = 0, offsetSum = 0.0
        for i in stations {
            let station = input.stops[i]
            guard let candidates = byName[normal(station.name)] else { continue }
            guard let r = candidates.min(by: { Earth.haversineMeters(input.stops[$0].coordinate, station.coordinate)
                                                  < Earth.haversineMeters(input.stops[$1].coordinate, station.coordinate) }),
                  Earth.haversineMeters(input.stops[r].coordinate, station.coordinate) <= matchRadiusMeters else { continue }
            let stop = input.stops[r].coordinate
            let gcj = GCJ02.fromWGS84(stop)
            let offsetMeters = Earth.haversineMeters(stop, gcj)
            guard offsetMeters > 50 else { continue }  // outside China the offset is zero
            let tolerance = 0.35 * offsetMeters
            let minus = Coordinate(longitude: 2 * stop.longitude - gcj.longitude, latitude: 2 * stop.latitude - gcj.latitude)
            if Earth.haversineMeters(station.coordinate, gcj) <= tolerance { shifted += 1; offsetSum += offsetMeters }
            else if Earth.haversineMeters(station.coordinate, minus) <= tolerance { reversed += 1; offsetSum += offsetMeters }
            else if Earth.haversineMeters(station.coordinate, stop) <= tolerance { aligned += 1 }
        }
        let meters = Int((offsetSum / Double(max(1, shifted + reversed))).rounded())
        if shifted >= minimumPairs, shifted > 2 * aligned, shifted > 2 * reversed { return (.gcjOffset, shifted, meters) }
        if reversed >= minimumPairs, reversed > 2 * aligned, reversed > 2 * shifted { return (.reverseOffset, reversed, meters) }
        return nil
    }
}
