/// The columns of the mandates CSV (product.md), in their documented order.
public enum MandateColumn: String, CaseIterable, Sendable {
    case mandateRef = "mandate_ref"
    case kpj
    case nik
    case name
    case sector
    case income
    case jht
    case bankCode = "bank_code"
    case accountNo = "account_no"
    case accountName = "account_name"
    case signedOn = "signed_on"
    case startPeriod = "start_period"
    case endPeriod = "end_period"
    case paidThrough = "paid_through"
    case status

    /// Personal data: shown masked in every error message.
    var isPersonalData: Bool { self == .nik || self == .accountNo }
}
