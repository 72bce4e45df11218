import Analysis
import Foundation
import GeoIO
import NetworkBuild
import Network
import Routing
import Testing
import TestSupport

/// The jingjinji rail GTFS read straight from the text files (no project code): trips, train numbers, calls.
struct RailTimetable {
    struct Call { var stop: String; var sequence: Int; var arrival: Int32; var departure: Int32 }
    var callsByTrip: [String: [Call]] = [:]
    var trainNumberByTrip: [String: String] = [:]

    static func seconds(_ hms: Substring) -> Int32 {
        let p = hms.split(separator: ":").map { Int32($0)! }
        return p[0] * 3600 + p[1] * 60 + p[2]
    }

    init() throws {
        let stopTimes = try #require(SharedData.file("cn/jingjinji/rail_gtfs/stop_times.txt"))
        let trips = try #require(SharedData.file("cn/jingjinji/rail_gtfs/trips.txt"))
        let st = try String(contentsOf: stopTimes, encoding: .utf8)
        let tr = try String(contentsOf: trips, encoding: .utf8)
        // stop_times.txt: trip_id,arrival_time,departure_time,stop_id,stop_sequence (no quoted fields).
        for line in st.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            callsByTrip[String(f[0]), default: []].append(Call(stop: String(f[3]), sequence: Int(f[4])!,
                                                               arrival: Self.seconds(f[1]), departure: Self.seconds(f[2])))
        }
        for k in callsByTrip.keys { callsByTrip[k]!.sort { $0.sequence < $1.sequence } }
        // trips.txt: route_id,service_id,trip_id,trip_headsign,trip_short_name.
        for line in tr.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            trainNumberByTrip[String(f[2])] = String(f[4])
        }
    }

    /// (departure at `from`, arrival at `to`, train number) of every trip calling at `from` and later at `to`.
    func connections(from: String, to: String) -> [(departure: Int32, arrival: Int32, train: String)] {
        var out: [(Int32, Int32, String)] = []
        for (trip, calls) in callsByTrip {
            guard let i = calls.firstIndex(where: { $0.stop == from }),
                  let j = calls.lastIndex(where: { $0.stop == to }), i < j else { continue }
            out.append((calls[i].departure, calls[j].arrival, trainNumberByTrip[trip] ?? ""))
        }
        return out.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.2 < $1.2 }
    }

    /// Independent earliest arrival by one direct train for each departure minute: board any train leaving `from`
    /// at least `boardSlack` seconds after the departure minute (the traveller starts at the station itself);
    /// travel time = arrival at `to` − departure minute; nil when no train is left.
    func directTravelTimes(from: String, to: String, firstDeparture: Int32, minutes: Int, boardSlack: Int32 = 60) -> [Int32?] {
        let conns = connections(from: from, to: to)
        return (0..<minutes).map { m in
            let t = firstDeparture + Int32(m) * 60
            return conns.filter { $0.departure >= t + boardSlack }.map(\.arrival).min().map { $0 - t }
        }
    }
}

@Suite(.tags(.realData), .enabled(if: SharedData.isPresent, "needs ../shared/data (jingjinji)"))
struct TravelTimeJingjinjiTests {
    static let eight: Int32 = 8 * 3600

    func setup(maxRides: Int = 8) throws -> (BuiltNetwork, RailTimetable, TravelTimeQuery, PlaceResolver) {
        let network = try AreaNetworks.built("jingjinji")
        let gtfs = try RailTimetable()
        let query = TravelTimeQuery(network: network, parameters: TravelTimeParameters(
            firstDepartureSeconds: Self.eight, windowMinutes: 60, percentiles: [5, 50, 95],
            raptor: RaptorParameters(maxRides: maxRides)))
        return (network, gtfs, query, PlaceResolver(network: network))
    }

    func times(_ query: TravelTimeQuery, _ resolver: PlaceResolver, _ from: String, _ to: String) throws -> [Int32?] {
        let a = try resolver.resolve(from)[0], b = try resolver.resolve(to)[0]
        return query.run(from: query.endpoint(for: a)).travelTimesSeconds(to: query.endpoint(for: b))
            .map { $0 == RangeRaptorResult.unreachable ? nil : $0 }
    }

    /// Beijing South → Tianjin, 08:00 + 60 min. Expectation from stop_times.txt: trains VNP → TJP leave 08:00
    /// (G219, not catchable with 60 s slack from 08:00), 08:09 (C2205 → 08:47), 08:19 (C2019 → 08:52), …;
    /// the per-minute times of the direct-train scan are 47, 46, …, min 34, median 41 minutes. The engine (any
    /// number of rides, metro included) must find exactly these: nothing beats the direct train on this pair.
    @Test func beijingSouthToTianjin() throws {
        let (network, gtfs, query, resolver) = try setup()
        let expected = gtfs.directTravelTimes(from: "VNP", to: "TJP", firstDeparture: Self.eight, minutes: 60)
        let got = try times(query, resolver, "北京南", "天津")
        #expect(got == expected)
        let summary = TravelTimeSummary(timesSeconds: got.map { $0 ?? RangeRaptorResult.unreachable }, percentiles: [50])
        let median = try #require(summary.percentileSeconds[0])
        #expect((30 * 60...50 * 60).contains(median), "median \(median) s")

        // The first minute's journey: C2205 08:09 → 08:47, intercity, as the timetable says.
        let c2205 = gtfs.connections(from: "VNP", to: "TJP").filter { $0.train == "C2205" }
        #expect(c2205.map(\.departure) == [8 * 3600 + 9 * 60] && c2205.map(\.arrival) == [8 * 3600 + 47 * 60])
        let from = query.endpoint(for: try resolver.resolve("北京南")[0])
        let to = query.endpoint(for: try resolver.resolve("天津")[0])
        let first = try #require(query.journey(from: from, to: to, minute: 0))
        #expect(first.rides.map(\.tripName) == ["C2205"])
        #expect(first.rides.first?.tier == .intercity)
        #expect(first.rides.first?.boardSeconds == c2205.first?.departure)
        #expect(first.rides.first?.alightSeconds == c2205.first?.arrival)

        // The explanation at the median minute names a train whose calls match stop_times.txt, and its tier
        // (C → intercity, G/D → trunk, by the train number's letter).
        let explanation = TravelTimeExplanation(network: network, origin: try resolver.resolve("北京南")[0],
                                                destination: try resolver.resolve("天津")[0],
                                                parameters: query.parameters)
        let minute = try #require(explanation.minute)
        #expect(expected[minute] == median)
        let journey = try #require(explanation.journey)
        #expect(journey.travelTimeSeconds == median)
        let ride = try #require(journey.rides.first)
        #expect(journey.rides.count == 1)
        let match = gtfs.connections(from: "VNP", to: "TJP").filter { $0.train == ride.tripName }
        #expect(match.contains { $0.departure == ride.boardSeconds && $0.arrival == ride.alightSeconds }, "\(ride)")
        let tier: Tier = ride.tripName.hasPrefix("C") ? .intercity : .trunk
        #expect(ride.tier == tier)
        let text = explanation.text
        #expect(text.contains("\(ride.tripName) (\(tier.rawValue)"), "\(text)")
        #expect(text.contains("\(ServiceClock.format(ride.boardSeconds)) → \(ServiceClock.format(ride.alightSeconds))"))
        #expect(text.contains("北京南 → 天津"))
    }

    /// Beijing South → Langfang (trains 08:45 → 09:06, 09:10 → 09:31 in the window's reach) and Beijing West →
    /// Baoding East (07:52, 08:15 → 09:03, 08:30 → 09:11, 09:27 → 10:08): with one ride allowed the engine must
    /// equal the independent direct-train scan minute by minute; with more rides it may only do better.
    @Test(arguments: [("北京南", "廊坊", "VNP", "LJP"), ("北京西", "保定东", "BXP", "BMP")])
    func directTrainsMatchTheTimetable(pair: (String, String, String, String)) throws {
        let (_, gtfs, oneRide, resolver) = try setup(maxRides: 1)
        let expected = gtfs.directTravelTimes(from: pair.2, to: pair.3, firstDeparture: Self.eight, minutes: 60)
        #expect(expected.contains { $0 != nil })
        #expect(try times(oneRide, resolver, pair.0, pair.1) == expected)
        let (_, _, anyRides, _) = try setup()
        let better = try times(anyRides, resolver, pair.0, pair.1)
        for m in 0..<60 {
            if let e = expected[m] { #expect((better[m] ?? .max) <= e, "minute \(m)") }
        }
    }

    /// Tianjin → Langfang has no direct train in the feed (the scan finds none); the engine reaches Langfang by
    /// changing. Every GTFS ride of the median journey is checked against stop_times.txt, and each boarding comes
    /// at least 60 s (board slack) after the traveller reached the stop.
    @Test func tianjinToLangfangNeedsAChange() throws {
        let (network, gtfs, query, resolver) = try setup()
        #expect(gtfs.connections(from: "TJP", to: "LJP").isEmpty)
        let explanation = TravelTimeExplanation(network: network, origin: try resolver.resolve("天津")[0],
                                                destination: try resolver.resolve("廊坊")[0], parameters: query.parameters)
        let journey = try #require(explanation.journey, "\(explanation.text)")
        #expect(journey.rides.count >= 2, "\(explanation.text)")
        var ready = journey.departureSeconds
        for leg in journey.legs {
            switch leg {
            case .ride(let r):
                #expect(r.boardSeconds >= ready + 60, "\(r)")
                ready = r.alightSeconds
                guard !r.tripName.isEmpty else { continue }  // metro rides come from planning lines, not the GTFS
                func code(_ s: StopID) -> String {
                    network.transit.stops.keys[s.index].split(separator: ":").last.map(String.init) ?? ""
                }
                #expect(gtfs.connections(from: code(r.boardStop), to: code(r.alightStop)).contains {
                    $0.train == r.tripName && $0.departure == r.boardSeconds && $0.arrival == r.alightSeconds
                }, "\(r)")
            case .walk(_, _, _, let arrival): ready = arrival
            case .feeder(let f): ready = f.arrivalSeconds
            case .wait: break
            }
        }
        #expect(ready == journey.arrivalSeconds)
    }
}
