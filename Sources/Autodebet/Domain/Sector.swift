/// A BPU participant's sector, which decides the PP 50/2025 discount periods (mirrors the
/// CHECKs on autodebet.mandate.sector and autodebet.tariff.sector).
public enum Sector: String, CaseIterable, Sendable {
    case general
    /// Ojek, drivers, couriers, app-based or not.
    case transport
}
