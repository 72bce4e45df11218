import Foundation
import Analysis
import Network
import Routing
import TestSupport
import Testing

/// Corridors and section labels on the real areas.
@Suite(.tags(.realData), .enabled(if: SharedData.isPresent, "needs ../shared/data (jingjinji)"))
struct CorridorJingjinjiTests {
    /// Trains leaving 北京南 07:00–09:00 on 2016-03-10 that call later at the station named 天津, counted from the
    /// feed's own files by a separate reader (Python's csv module): the corridor leg 北京南 → 天津 counts the same.
    static let pythonCount = """
        import csv, io, sys, zipfile, datetime
        z = zipfile.ZipFile(sys.argv[1])
        def rows(name):
            return list(csv.DictReader(io.TextIOWrapper(z.open(name), encoding='utf-8-sig')))
        day = datetime.date(2016, 3, 10)
        names = {'monday','tuesday','wednesday','thursday','friday','saturday','sunday'}
        weekday = ['monday','tuesday','wednesday','thursday','friday','saturday','sunday'][day.weekday()]
        active = set()
        if 'calendar.txt' in z.namelist():
            for r in rows('calendar.txt'):
                if r['start_date'] <= day.strftime('%Y%m%d') <= r['end_date'] and r[weekday] == '1':
                    active.add(r['service_id'])
        if 'calendar_dates.txt' in z.namelist():
            for r in rows('calendar_dates.txt'):
                if r['date'] == day.strftime('%Y%m%d'):
                    (active.add if r['exception_type'] == '1' else active.discard)(r['service_id'])
        trips = {r['trip_id'] for r in rows('trips.txt') if r['service_id'] in active}
        stops = {r['stop_id']: r['stop_name'] for r in rows('stops.txt')}
        calls = {}
        for r in rows('stop_times.txt'):
            if r['trip_id'] in trips:
                calls.setdefault(r['trip_id'], []).append((int(r['stop_sequence']), stops[r['stop_id']], r['departure_time']))
        def sec(t):
            h, m, s = t.split(':'); return int(h) * 3600 + int(m) * 60 + int(s)
        count = 0
        for trip, cs in calls.items():
            cs.sort()
            for i, (_, name, dep) in enumerate(cs):
                if name == '北京南' and 7 * 3600 <= sec(dep) < 9 * 3600 and any(n == '天津' for _, n, _ in cs[i + 1:]):
                    count += 1
                    break
        print(count)
        """

    @Test func beijingSouthToTianjinCountsTheTrainsOfTheFeed() throws {
        let network = try AreaNetworks.built("jingjinji")
        let core = try PlaceResolver(network: network).resolve("北京南")[0]
        let travel = TravelTimeParameters(firstDepartureSeconds: 7 * 3600, windowMinutes: 120, percentiles: [50])
        let result = CorridorAnalysis(network: network, core: core,
                                      parameters: CorridorParameters(travel: travel, direction: .outbound, top: nil))
        let legs = result.corridors.flatMap(\.legs).filter { $0.boardStation == "北京南" && $0.alightStation == "天津" }
        let leg = try #require(legs.first, "no corridor rides 北京南 → 天津: \(result.corridors.map { $0.legs.map(\.alightStation) })")
        let feed = try SharedData.required("cn/jingjinji/rail_gtfs.zip")
        guard let expected = try PythonCheck.run(Self.pythonCount, arguments: [feed.path]).flatMap({ Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) else {
            Issue.record("python3 is missing"); return
        }
        #expect(expected > 0)
        #expect(leg.totalTrainsInWindow == expected)
    }

    /// The share of departures needing a change (one range run with one ride at most against the fastest) equals the
    /// count over each reaching minute's fastest journey (`TravelTimeQuery.journey`, one search per minute: the
    /// method before), for every corridor from 北京南 over 07:00–07:30, inbound and outbound.
    @Test(arguments: [CommuteDirection.inbound, .outbound]) func changeShareMatchesJourneysMinuteByMinute(direction: CommuteDirection) throws {
        let network = try AreaNetworks.built("jingjinji")
        let core = try PlaceResolver(network: network).resolve("北京南")[0]
        let travel = TravelTimeParameters(firstDepartureSeconds: 7 * 3600, windowMinutes: 30, percentiles: [50])
        let result = CorridorAnalysis(network: network, core: core, parameters: CorridorParameters(travel: travel, direction: direction, top: 12))
        let query = TravelTimeQuery(network: network, parameters: travel)
        let coreEnd = query.endpoint(for: core, role: direction == .inbound ? .destination : .origin)
        var changing = 0
        for c in result.corridors {
            let zone = try #require(CorridorAnalysis.zones(network: network, parameters: result.parameters).first { $0.districtIndex == c.districtIndex })
            let place = Place(id: c.district, name: zone.stationName ?? c.district, kind: zone.station == nil ? .district : .station,
                              coordinate: zone.coordinate, stops: zone.stationStops, hub: zone.station, districtIndex: c.districtIndex)
            let end = query.endpoint(for: place, role: direction == .inbound ? .origin : .destination)
            let (from, to) = direction == .inbound ? (end, coreEnd) : (coreEnd, end)
            let journeys = (0..<30).compactMap { query.journey(from: from, to: to, minute: $0) }
            let expected = journeys.isEmpty ? nil : Double(journeys.filter { $0.rides.count > 1 }.count) / Double(journeys.count)
            #expect(c.shareNeedingChange == expected, "\(c.district)")
            if (expected ?? 0) > 0 { changing += 1 }
        }
        #expect(result.corridors.count == 12)
        #expect(changing > 0, "some corridor needs a change")
    }

    /// No section label joins lines of two cities: a planning line's label names one route key, in every shipped area.
    @Test(arguments: ["jingjinji", "guangfo", "chongqing"]) func sectionLabelsNeverMergeCities(area: String) throws {
        let t = try AreaNetworks.built(area).transit
        let labels = SectionTable.lineLabels(t)
        var keys: [String: Set<String>] = [:]
        for r in 0..<t.routes.count where t.routes.gtfsRouteTypes[r] < 0 { keys[labels[r], default: []].insert(t.routes.keys[r]) }
        let merged = keys.filter { $0.value.count > 1 }
        #expect(merged.isEmpty, "\(merged)")
        #expect(!keys.isEmpty)
    }
}
