/// Walked distances between stops for the transfers `TransitLayerBuilder` generates, measured on a street
/// graph by a caller that can search one (Network holds no shortest-path search; Routing's
/// `StreetTransferWalks` is the implementation).
///
/// The rule is the access rule (`AccessSearch`): a walk between two stops both linked to the street graph is
/// the street distance between their linked nodes plus both link distances; a stop without a link has no
/// street walks (the builder walks it crow-fly × detour).
public protocol TransferWalking {
    /// Walked millimetres from `stop` to every other linked stop whose walk is at most `maxMillimeters`,
    /// by stop index; empty when `stop` has no street link.
    func walkedMillimeters(from stop: Int, maxMillimeters: UInt32) -> [Int: UInt32]
}
