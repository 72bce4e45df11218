import Network

/// How travellers walk to the first stop (access), from the last stop (egress) and straight from origin to
/// destination (direct walk).
///
/// - Crow-fly mode (no street graph, or an end that does not snap to one): time = crow-fly metres × detour
///   factor / speed (`WalkModel.wholeSeconds(crowFlyMeters:)`), allowed up to `maxRadiusMeters` crow-fly.
/// - Street mode: time = walked metres / speed, allowed up to `maxRadiusMeters × detourFactor` walked, so both
///   modes allow the same longest walk (defaults: 1,200 m × 1.3 / 1.2 m/s = 1,300 s ≈ 21.7 min).
/// Walking between stops (transfers) is not governed here: it is in the network's transfer table.
public struct AccessParameters: Sendable, Equatable {
    /// Walking speed (default 1.2 m/s, as R5) and crow-fly → walked detour factor (default 1.3).
    public var walk: WalkModel
    /// Longest access, egress or direct walk, crow-fly metres (default 1,200).
    public var maxRadiusMeters: Double

    public static let defaultMaxRadiusMeters = 1_200.0

    public init(walkingSpeedMetersPerSecond: Double = 1.2, detourFactor: Double = 1.3,
                maxRadiusMeters: Double = AccessParameters.defaultMaxRadiusMeters) {
        precondition(walkingSpeedMetersPerSecond > 0, "walking speed must be positive")
        precondition(detourFactor >= 1, "detour factor must be at least 1")
        precondition(maxRadiusMeters >= 0, "radius cannot be negative")
        walk = WalkModel(speedMetersPerSecond: walkingSpeedMetersPerSecond, detourFactor: detourFactor)
        self.maxRadiusMeters = maxRadiusMeters
    }

    /// Walking speed and detour factor of the network build (the ones its transfers use), with a radius.
    public init(build: BuildParameters, maxRadiusMeters: Double = AccessParameters.defaultMaxRadiusMeters) {
        self.init(walkingSpeedMetersPerSecond: build.walkingSpeedMetersPerSecond, detourFactor: build.detourFactor,
                  maxRadiusMeters: maxRadiusMeters)
    }

    /// Longest walk on streets, millimetres.
    public var maxStreetMillimeters: UInt32 {
        UInt32(min(Double(UInt32.max - 1), (walk.walkedMeters(crowFlyMeters: maxRadiusMeters) * 1000).rounded(.down)))
    }
}
