import Foundation

/// How travel time discourages a trip in the gravity model: f(t), t in minutes.
public enum DemandDeterrence: Sendable, Equatable, CustomStringConvertible {
    /// f(t) = exp(−β·t), β per minute. Default β = 0.05/min: a trip 14 minutes longer is half as likely
    /// (ln 2 / 0.05 ≈ 13.9 min), a common calibration for urban commuting.
    case exponential(betaPerMinute: Double)
    /// f(t) = t^−γ (t ≥ 1 min to keep it finite); the classic γ = 2.
    case power(exponent: Double)

    public static let `default` = DemandDeterrence.exponential(betaPerMinute: 0.05)

    public func factor(minutes t: Double) -> Double {
        switch self {
        case .exponential(let beta): return exp(-beta * t)
        case .power(let gamma): return pow(max(t, 1), -gamma)
        }
    }

    public var description: String {
        switch self {
        case .exponential(let beta): return "exp(-\(beta)·t)"
        case .power(let gamma): return "t^-\(gamma)"
        }
    }
}

/// Gravity-model demand between zones: T_ij = k · P_i · P_j · f(t_ij) for i ≠ j, where P is the district
/// population, t_ij the travel time (minutes) from zone i's representative point to zone j's (median over the
/// window's departure minutes), f the deterrence, and k chosen so that ΣT_ij equals the total trips.
/// Pairs with no journey (t_ij unreachable) get no trips; intrazonal trips are excluded.
///
/// Total trips: `totalTrips` when given, else `commuteShare` × the population of the served zones (zones that
/// reach at least one other zone), default share 0.1 — one resident in ten making a rail trip in the window.
public struct GravityParameters: Sendable, Equatable {
    public var deterrence: DemandDeterrence
    public var totalTrips: Double?
    public var commuteShare: Double

    public static let defaultCommuteShare = 0.1
    /// Trips in one window: at most 10^12 (more than the world makes in a year), so sums stay finite and exact.
    public static let totalTripsRange = 0.0...1e12

    public init(deterrence: DemandDeterrence = .default, totalTrips: Double? = nil,
                commuteShare: Double = GravityParameters.defaultCommuteShare) {
        self.deterrence = deterrence; self.totalTrips = totalTrips; self.commuteShare = commuteShare
    }

    /// A problem with the values in words, or nil.
    public var problem: String? {
        switch deterrence {
        case .exponential(let b) where !(b >= 0 && b.isFinite): return "the deterrence β must be a non-negative number"
        case .power(let g) where !(g >= 0 && g.isFinite): return "the deterrence exponent must be a non-negative number"
        default: break
        }
        if let t = totalTrips, !Self.totalTripsRange.contains(t) { return "total trips must be within 0…1e12" }
        if !(commuteShare >= 0 && commuteShare <= 1) { return "the commute share must be within 0…1" }
        return nil
    }
}

public enum GravityModel {
    /// `travelTimesMinutes[i * n + j]`: nil where unreachable. Populations per zone.
    public static func demand(populations: [Double], travelTimesMinutes: [Double?],
                              parameters: GravityParameters) -> DemandMatrix {
        let n = populations.count
        precondition(travelTimesMinutes.count == n * n, "one travel time per zone pair")
        var weights = [Double](repeating: 0, count: n * n)
        var served = [Bool](repeating: false, count: n)
        for i in 0..<n {
            for j in 0..<n where i != j {
                guard let t = travelTimesMinutes[i * n + j] else { continue }
                weights[i * n + j] = populations[i] * populations[j] * parameters.deterrence.factor(minutes: t)
                served[i] = true
            }
        }
        let sum = weights.reduce(0, +)
        let total = parameters.totalTrips
            ?? parameters.commuteShare * (0..<n).reduce(0) { $0 + (served[$1] ? populations[$1] : 0) }
        guard sum > 0 else { return DemandMatrix(zoneCount: n) }
        let k = total / sum
        return DemandMatrix(zoneCount: n, trips: weights.map { $0 * k })
    }
}
