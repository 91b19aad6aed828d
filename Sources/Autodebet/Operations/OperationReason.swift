import Foundation
import PersonalData

/// The reason an operator gives for a change (`--reason`): recorded in the audit trail and
/// beside the change, so it must say something; digits that may be personal data are masked.
enum OperationReason {
    static func check(_ text: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw AutodebetError(.invalidInput, "--reason must say why (it is recorded in the audit trail)")
        }
        guard trimmed.count <= 500 else {
            throw AutodebetError(.invalidInput, "--reason is limited to 500 characters")
        }
        return Mask.keepingReferences(trimmed)
    }
}
