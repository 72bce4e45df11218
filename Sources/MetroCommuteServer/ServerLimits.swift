import Foundation
import Network

/// The most work one request may ask for, so that one request cannot hold a worker for minutes or fill the
/// memory: each limit is checked before any work and named in the 400 it gives.
public struct ServerLimits: Sendable, Equatable {
    /// Longest departure window, minutes (every analysis runs one RAPTOR search per minute and origin).
    public var maxWindowMinutes = 180
    /// Origins × departure minutes of one request (traveltime, isochrone).
    public var maxOriginMinutes = 1_800
    /// Places on each side of a travel-time request, and origin–destination pairs.
    public var maxPlaces = 50
    public var maxPairs = 2_500
    /// Isochrone grid cells, estimated before the work (see `estimatedCells`).
    public var maxCells = 500_000
    /// Smallest isochrone cell, metres.
    public var minCellMeters = 50.0
    /// Isochrone cutoffs: how many, and the longest, minutes.
    public var maxCutoffs = 8
    public var maxCutoffMinutes = 240
    /// Request bodies, bytes.
    public var maxBodyBytes = 64 * 1024
    /// Requests waiting for a worker beyond which the server answers 503.
    public var maxQueuedRequests = 256

    public init() {}

    /// An upper estimate of the grid cells an isochrone can reach: cells are reached on foot from stops within the
    /// access radius (and from the origins), so at most a disc of radius + one cell around each stop and origin, and
    /// never more than the network's bounding box (padded by the radius) holds.
    public static func estimatedCells(network: BuiltNetwork, origins: Int, cellMeters: Double, accessRadiusMeters: Double) -> Double {
        let r = accessRadiusMeters + cellMeters
        let disc = Double.pi * r * r / (cellMeters * cellMeters)
        let discs = Double(network.transit.stopCount + origins) * disc
        guard let box = network.boundingBox else { return discs }
        let latitude = (box.minLatitude + box.maxLatitude) / 2 * .pi / 180
        let width = (box.maxLongitude - box.minLongitude) * 111_320 * cos(latitude) + 2 * r
        let height = (box.maxLatitude - box.minLatitude) * 110_540 + 2 * r
        return min(discs, (width / cellMeters).rounded(.up) * (height / cellMeters).rounded(.up))
    }
}
