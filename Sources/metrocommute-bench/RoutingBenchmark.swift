import Network
import Routing

/// Timing entry points for the benchmark command (no printing; the caller reports).
public enum RoutingBenchmark {
    public struct Timing: Sendable, Equatable {
        public var runs: Int
        public var totalSeconds: Double
        /// Sum over runs of the stops (or nodes) reached, to keep the work observable.
        public var reachedCount: Int
        public var meanSeconds: Double { runs == 0 ? 0 : totalSeconds / Double(runs) }
    }

    /// Range-RAPTOR one-to-all from each origin set in turn (window of `windowMinutes`; 1 = a single departure).
    public static func timeRaptor(transit: TransitLayer, originSets: [[StopAccess]], firstDepartureSeconds: Int32,
                                  windowMinutes: Int, parameters: RaptorParameters = RaptorParameters()) -> Timing {
        let raptor = RangeRaptor(transit: transit, parameters: parameters)
        var reached = 0
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for origins in originSets {
                let result = raptor.run(origins: origins, firstDepartureSeconds: firstDepartureSeconds,
                                        windowMinutes: windowMinutes)
                reached += result.arrivalSeconds.reduce(0) { $0 + ($1 == RangeRaptorResult.unreachable ? 0 : 1) }
            }
        }
        return Timing(runs: originSets.count, totalSeconds: seconds(elapsed), reachedCount: reached)
    }

    /// Street Dijkstra one-to-all from each source node in turn.
    public static func timeStreetSearch(graph: StreetGraph, sources: [StreetNodeID],
                                        maxDistanceMillimeters: UInt32 = .max - 1) -> Timing {
        let search = StreetSearch(graph: graph)
        var reached = 0
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for s in sources {
                search.run(from: s, maxDistanceMillimeters: maxDistanceMillimeters)
                reached += search.reachedNodes.count
            }
        }
        return Timing(runs: sources.count, totalSeconds: seconds(elapsed), reachedCount: reached)
    }

    private static func seconds(_ d: Duration) -> Double {
        let (s, atto) = d.components
        return Double(s) + Double(atto) / 1e18
    }
}
