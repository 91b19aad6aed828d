/// The unit of a layout's `amount` fields. Autodebet itself always counts whole rupiah.
public enum AmountUnit: String, Sendable, CaseIterable {
    case rupiah
    /// Hundredths of a rupiah, written without a separator (Rp 28,400 → `2840000`).
    case sen

    /// How many units make one rupiah.
    public var perRupiah: Int64 {
        switch self {
        case .rupiah: return 1
        case .sen: return 100
        }
    }
}
