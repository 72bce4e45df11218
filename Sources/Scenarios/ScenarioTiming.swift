import Network

/// Time a train loses at a stop it did not make before: its dwell plus the braking and acceleration loss, per
/// tier (docs/MODEL.md "Scenarios" gives the values and their sources).
///
/// The loss of one stop at cruising speed v with mean deceleration b and mean acceleration a is
/// v/(2b) + v/(2a): the time a train running through at v would have saved over the braking and the run-up.
public enum ScenarioTiming {
    /// (cruising speed m/s, mean acceleration m/s², mean deceleration m/s², default dwell s) per tier.
    static func figures(_ tier: Tier) -> (speed: Double, acceleration: Double, deceleration: Double, dwell: Int) {
        switch tier {
        case .trunk: return (300 / 3.6, 0.3, 0.5, 120)      // 300 km/h high-speed EMU
        case .intercity: return (200 / 3.6, 0.4, 0.6, 60)   // 200 km/h intercity EMU
        case .suburban: return (120 / 3.6, 0.5, 0.7, 60)    // 120–160 km/h suburban EMU, 120 km/h on shared track
        case .metro: return (80 / 3.6, 0.8, 1.0, 30)        // 80 km/h metro
        case .other: return (40 / 3.6, 0.8, 1.0, 30)
        }
    }

    /// Braking and acceleration loss of one added stop, whole seconds.
    public static func stopPenaltySeconds(_ tier: Tier) -> Int32 {
        let f = figures(tier)
        return Int32((f.speed / (2 * f.deceleration) + f.speed / (2 * f.acceleration)).rounded())
    }

    /// Dwell of an added stop when the scenario gives none.
    public static func defaultDwellSeconds(_ tier: Tier) -> Int32 { Int32(figures(tier).dwell) }
}
