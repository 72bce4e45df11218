/// Walking at a constant speed, with a detour factor that turns a crow-fly distance into the distance walked:
/// the one place the time of a walk is computed (transfers, access and egress, connectors, gap reports).
///
/// The arithmetic order is fixed (crow-fly × detour, then ÷ speed; walked ÷ speed) so every caller gets the
/// same floating-point value; each caller picks its unit and rounding through the named functions. Any mode
/// travelling at a constant speed off the graphs (a bicycle, a taxi to the station) is the same pair of
/// numbers.
public struct WalkModel: Sendable, Equatable {
    /// Metres per second along the walked distance.
    public var speedMetersPerSecond: Double
    /// Walked distance ÷ crow-fly distance (≥ 1).
    public var detourFactor: Double

    @inlinable
    public init(speedMetersPerSecond: Double, detourFactor: Double) {
        self.speedMetersPerSecond = speedMetersPerSecond
        self.detourFactor = detourFactor
    }

    // MARK: Distances

    /// Metres walked for a crow-fly distance: crow-fly × detour.
    @inlinable
    public func walkedMeters(crowFlyMeters: Double) -> Double { crowFlyMeters * detourFactor }

    /// Metres walked in a time: seconds × speed.
    @inlinable
    public func walkedMeters(inSeconds seconds: Double) -> Double { seconds * speedMetersPerSecond }

    /// The crow-fly radius a walk of `seconds` covers: seconds × speed ÷ detour.
    @inlinable
    public func crowFlyMeters(reachableInSeconds seconds: Double) -> Double {
        seconds * speedMetersPerSecond / detourFactor
    }

    // MARK: Times, unrounded

    /// Seconds to walk a crow-fly distance: crow-fly × detour ÷ speed.
    @inlinable
    public func seconds(crowFlyMeters: Double) -> Double { crowFlyMeters * detourFactor / speedMetersPerSecond }

    /// Seconds to walk a distance already measured along the way (street metres): walked ÷ speed.
    @inlinable
    public func seconds(walkedMeters: Double) -> Double { walkedMeters / speedMetersPerSecond }

    // MARK: Times, rounded

    /// `seconds(crowFlyMeters:)` rounded to whole seconds, saturating at `Int32.max / 2` (room to add a
    /// transfer time) for distances no walk covers.
    @inlinable
    public func wholeSeconds(crowFlyMeters: Double) -> Int32 {
        let seconds = seconds(crowFlyMeters: crowFlyMeters).rounded()
        return seconds < Double(Int32.max / 2) ? Int32(seconds) : Int32.max / 2
    }

    /// Whole seconds (rounded) to walk a street distance given in millimetres.
    @inlinable
    public func wholeSeconds(walkedMillimeters: UInt32) -> Int32 {
        Int32(seconds(walkedMeters: Double(walkedMillimeters) / 1000).rounded())
    }

    /// `seconds(crowFlyMeters:)` in whole milliseconds (rounded), at most `UInt32.max - 1`.
    @inlinable
    public func milliseconds(crowFlyMeters: Double) -> UInt32 {
        UInt32(min(Double(UInt32.max - 1), (seconds(crowFlyMeters: crowFlyMeters) * 1000).rounded()))
    }

    /// Whole milliseconds (rounded) to walk a street distance given in millimetres, at most `UInt32.max - 1`.
    @inlinable
    public func milliseconds(walkedMillimeters: Double) -> UInt32 {
        UInt32(min(Double(UInt32.max - 1), (walkedMillimeters / speedMetersPerSecond).rounded()))
    }

    /// Whole millimetres (rounded down) walked in `milliseconds`, at most `UInt32.max - 1`.
    @inlinable
    public func walkedMillimeters(inMilliseconds milliseconds: UInt32) -> UInt32 {
        UInt32(min(Double(UInt32.max - 1), (Double(milliseconds) * speedMetersPerSecond).rounded(.down)))
    }
}
