import Foundation
import FixedWidth
import Testing
import TestSupport

/// Plays a bank in tests: answers a debit file with the outcomes a test chooses per
/// participant (KPJ), everyone else paid, in the file's own layout.
enum Bank {
    static let catalog: LayoutCatalog = try! LayoutCatalog(directories: [TestDatabase.repositoryRoot + "/layouts"])

    /// Writes `directory/RET_<debit file>` and returns its path.
    @discardableResult
    static func answer(_ debitFile: String, in directory: String, outcomes: [String: OutcomeClass] = [:],
                       name: String? = nil) throws -> String {
        let layout = try #require(try catalog.recognize(path: debitFile).recognized()?.layout)
        var details: [DebitDetail] = []
        let summary = try FixedWidthFileReader<DebitFile>.read(path: debitFile, layout: layout,
                                                              onDetail: { details.append($0) }, onError: { Issue.record("\($0)") })
        let header = try #require(summary.header)
        var encoder = try FixedWidthFileEncoder<ReturnFile>(layout: layout, header: ReturnFileHeader(
            bankCode: header.bankCode, processingDate: header.debitDate, period: header.period,
            attempt: header.attempt, sequence: header.sequence))
        var bytes: [UInt8] = []
        try encoder.encodeHeader(into: &bytes)
        for detail in details {
            let outcome = outcomes[detail.kpj ?? ""] ?? .paid
            let code = layout.codes(for: outcome).sorted()[0]
            try encoder.encode(ReturnDetail(
                reference: detail.reference, accountNumber: detail.accountNumber, amountRequested: detail.amount,
                amountDebited: outcome == .paid ? detail.amount : 0, responseCode: code, outcome: outcome,
                processingDate: header.debitDate, description: outcome.rawValue.uppercased()), into: &bytes)
        }
        try encoder.encodeTrailer(into: &bytes)
        let path = directory + "/" + (name ?? "RET_" + URL(fileURLWithPath: debitFile).lastPathComponent)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
}
