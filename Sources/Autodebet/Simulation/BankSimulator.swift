import FixedWidth
#if canImport(Glibc)
import Glibc
#endif

/// How a simulated account holder behaves: a sticky trait of the account, the same on
/// every debit, drawn from a hash of (seed, account number).
public enum SimulatedAccountProfile: String, Sendable, CaseIterable, CustomStringConvertible {
    /// 0.5%: closed, blocked or dormant; every debit fails `account_invalid`.
    case accountInvalid = "account_invalid"
    /// 0.3%: the bank holds no valid mandate; every debit fails `mandate_invalid`.
    case mandateInvalid = "mandate_invalid"
    /// 3%: `insufficient_funds` on every attempt, except in one period of four (see
    /// `BankSimulator.isPayingPeriod`), when attempt 1 pays. Such participants lapse after
    /// three unpaid periods and are reinstated in the fourth.
    case paysOneMonthInFour = "pays_one_month_in_four"
    /// 5%: `insufficient_funds` on attempt 1, paid on attempt 2 and later.
    case shortAtStartOfMonth = "short_at_start_of_month"
    /// The rest: each debit on its own (hash of seed and reference): 2.5% insufficient
    /// funds, 1% temporary, 0.5% rejected, otherwise paid.
    case regular

    public var description: String { rawValue }
}

/// What one simulated bank run wrote.
public struct BankSimulation: Sendable {
    public let debitFile: String
    /// `DIR/RET_<debit file name>`.
    public let returnFile: String
    public let layoutName: String
    public let header: ReturnFileHeader
    public let answerCount: Int
    public let paidCount: Int
    /// Whole rupiah.
    public let paidAmount: Int64
    public let failedCount: Int
    /// Answers per outcome class (classes with none are absent).
    public let outcomes: [OutcomeClass: Int]
    /// Answers per response code.
    public let responseCodes: [String: Int]
    /// SHA-256 of the return file, hex.
    public let sha256: String

    /// `out/RET_x.txt: 10,000 answers, 9,123 paid (Rp 336,000,000), 877 failed: insufficient_funds 610, …`
    public var summary: String {
        var line = "\(returnFile): \(answerCount.counted("answer")), \(paidCount.grouped) paid (Rp \(paidAmount.grouped)), "
            + "\(failedCount.grouped) failed"
        let failures = OutcomeClass.allCases.filter { $0 != .paid }.compactMap { outcome in
            outcomes[outcome].map { "\(outcome) \($0.grouped)" }
        }
        if !failures.isEmpty { line += ": " + failures.joined(separator: ", ") }
        return line
    }
}

/// A bank that answers debit files: reads a debit file, decides every debit the way a
/// bank's population of accounts would, and writes the return file in the same layout
/// (test and demo tool; `autodebet simulate-bank`).
///
/// Deterministic: the same seed gives the same answers, byte for byte. Sticky traits of an
/// account come from a hash of (seed, account number), one-off events from a hash of
/// (seed, reference); see `SimulatedAccountProfile`. Streaming: one record in memory at a
/// time, written through a reusable buffer to an `AtomicFile` (mode 0600); nothing is
/// written unless the whole debit file is valid.
public struct BankSimulator: Sendable {
    public static let defaultSeed: UInt64 = 1

    public let catalog: LayoutCatalog
    public let seed: UInt64

    /// Bytes gathered before a write to the file.
    private static let flushThreshold = 1 << 16
    /// Errors of an invalid debit file quoted in the message.
    private static let quotedErrors = 5

    public init(catalog: LayoutCatalog, seed: UInt64 = defaultSeed) {
        self.catalog = catalog
        self.seed = seed
    }

    // MARK: The population

    /// The profile of an account (hash of seed and account number, per mille).
    public static func profile(accountNumber: String, seed: UInt64) -> SimulatedAccountProfile {
        profile(accountHash: accountHash(accountNumber, seed: seed))
    }

    /// Whether a "pays one month in four" account pays in `period`: when
    /// (year × 12 + month − 1) mod 4 = 2, e.g. 2027-03 (but not 2026-12, 2027-01, 2027-02).
    public static func isPayingPeriod(_ period: Period) -> Bool {
        (period.year * 12 + period.month - 1) % 4 == 2
    }

    /// The outcome the simulated bank gives one debit.
    public static func outcome(
        accountNumber: String, reference: String, period: Period, attempt: Int, seed: UInt64
    ) -> OutcomeClass {
        decide(accountNumber: accountNumber, reference: reference, period: period, attempt: attempt, seed: seed).outcome
    }

    /// The name of the return file for a debit file: `RET_` and its file name.
    public static func returnFileName(forDebitFile path: String) -> String {
        "RET_" + lastComponent(path)
    }

    private static func accountHash(_ accountNumber: String, seed: UInt64) -> UInt64 {
        StableHash.hash(domain: 0x41, seed: seed, key: accountNumber)   // "A"
    }

    private static func referenceHash(_ reference: String, seed: UInt64) -> UInt64 {
        StableHash.hash(domain: 0x52, seed: seed, key: reference)   // "R"
    }

    private static func profile(accountHash: UInt64) -> SimulatedAccountProfile {
        switch accountHash % 1000 {
        case 0..<5: .accountInvalid
        case 5..<8: .mandateInvalid
        case 8..<38: .paysOneMonthInFour
        case 38..<88: .shortAtStartOfMonth
        default: .regular
        }
    }

    /// The outcome, and a hash that picks its response code: the account's for a sticky
    /// trait (a closed account always says the same), the reference's for a one-off event.
    private static func decide(
        accountNumber: String, reference: String, period: Period, attempt: Int, seed: UInt64
    ) -> (outcome: OutcomeClass, selector: UInt64) {
        let account = accountHash(accountNumber, seed: seed)
        let sticky = StableHash.mix(account ^ 0x5EED_C0DE_0000_0001)
        switch profile(accountHash: account) {
        case .accountInvalid:
            return (.accountInvalid, sticky)
        case .mandateInvalid:
            return (.mandateInvalid, sticky)
        case .paysOneMonthInFour:
            return (isPayingPeriod(period) ? .paid : .insufficientFunds, sticky)
        case .shortAtStartOfMonth:
            return (attempt <= 1 ? .insufficientFunds : .paid, sticky)
        case .regular:
            let event = referenceHash(reference, seed: seed)
            let selector = StableHash.mix(event ^ 0x5EED_C0DE_0000_0002)
            switch event % 1000 {
            case 0..<25: return (.insufficientFunds, selector)
            case 25..<35: return (.temporary, selector)
            case 35..<40: return (.rejected, selector)
            default: return (.paid, selector)
            }
        }
    }

    // MARK: Answering a debit file

    /// Reads the debit file at `path` and writes `outputDirectory/RET_<its name>` (the
    /// directory is created when missing). Throws `AutodebetError`: `.invalidInput` when
    /// the file is not a valid debit file of a known layout (nothing is written),
    /// `.failure` when the return file cannot be written.
    public func answer(debitFile path: String, outputDirectory: String) throws -> BankSimulation {
        let layout = try debitLayout(path)

        // Pass 1: the whole file is checked (control totals come last) before anything is written.
        var quoted: [InputProblem] = []
        let checked: FixedWidthFileSummary<DebitFile>
        do {
            checked = try FixedWidthFileReader<DebitFile>.read(path: path, layout: layout, onDetail: { _ in }, onError: { error in
                if quoted.count < Self.quotedErrors { quoted.append(error) }
            })
        } catch let error as FileReadError {
            throw AutodebetError(.invalidInput, error.description)
        }
        guard checked.errorCount == 0, let debitHeader = checked.header else {
            let count = max(checked.errorCount, 1)
            let more = count > quoted.count ? ["… and \((count - quoted.count).grouped) more"] : []
            throw AutodebetError(
                .invalidInput,
                "\(path): not a valid \(layout.name) debit file, \(count.grouped) error\(count == 1 ? "" : "s"); nothing written",
                details: quoted.map(\.description) + (quoted.isEmpty ? [] : more))
        }

        let header = ReturnFileHeader(
            bankCode: debitHeader.bankCode, processingDate: debitHeader.debitDate, period: debitHeader.period,
            attempt: debitHeader.attempt, sequence: debitHeader.sequence)
        var encoder: FixedWidthFileEncoder<ReturnFile>
        do {
            encoder = try FixedWidthFileEncoder<ReturnFile>(layout: layout, header: header)
        } catch let error as RecordEncodingError {
            throw AutodebetError(.invalidInput, "\(path): line 1: the header cannot be answered in layout \(layout.name): \(error)")
        }
        let codes = try ResponseCodeChoice(layout: layout)

        let directory = Self.trimmingTrailingSlashes(outputDirectory)
        try FileSystem.prepareDirectory(directory)
        let file = try AtomicFile(directory: directory, name: Self.returnFileName(forDebitFile: path))

        // Pass 2: answer every detail, in order.
        var buffer: [UInt8] = []
        buffer.reserveCapacity(Self.flushThreshold + 2 * (layout.recordLength + 2))
        var outcomeCounts = [Int](repeating: 0, count: OutcomeClass.allCases.count)
        var codeCounts: [String: Int] = [:]
        var line = 1
        let summary: FixedWidthFileSummary<DebitFile>
        let sha256: String
        do {
            try encoder.encodeHeader(into: &buffer)
            summary = try FixedWidthFileReader<DebitFile>.read(path: path, layout: layout, onDetail: { detail in
                line = detail.line
                let decision = Self.decide(
                    accountNumber: detail.accountNumber, reference: detail.reference, period: header.period,
                    attempt: header.attempt, seed: seed)
                let code = try codes.pick(decision.outcome, selector: decision.selector)
                try encoder.encode(
                    ReturnDetail(
                        reference: detail.reference, accountNumber: detail.accountNumber, amountRequested: detail.amount,
                        amountDebited: decision.outcome == .paid ? detail.amount : 0,
                        responseCode: code.code, outcome: decision.outcome,
                        processingDate: header.processingDate, description: code.description),
                    into: &buffer)
                outcomeCounts[decision.outcome.simulationSlot] += 1
                codeCounts[code.code, default: 0] += 1
                if buffer.count >= Self.flushThreshold {
                    try file.write(buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }, onError: { _ in })
            // The file changed between the passes: refuse rather than answer half of it.
            guard summary.errorCount == 0, summary.detailCount == checked.detailCount else {
                throw AutodebetError(.invalidInput, "\(path): the file changed while it was being answered; nothing written")
            }
            try encoder.encodeTrailer(into: &buffer)
            try file.write(buffer)
            sha256 = try file.commit()
        } catch let error as RecordEncodingError {
            file.discard()
            throw AutodebetError(
                .invalidInput, "\(path): line \(line): cannot be answered in layout \(layout.name): \(error); nothing written")
        } catch let error as FileReadError {
            file.discard()
            throw AutodebetError(.invalidInput, error.description)
        } catch {
            file.discard()
            throw error
        }

        let totals = encoder.trailer
        var outcomes: [OutcomeClass: Int] = [:]
        for outcome in OutcomeClass.allCases where outcomeCounts[outcome.simulationSlot] > 0 {
            outcomes[outcome] = outcomeCounts[outcome.simulationSlot]
        }
        return BankSimulation(
            debitFile: path, returnFile: file.path, layoutName: layout.name, header: header,
            answerCount: totals.detailCount, paidCount: totals.successCount ?? 0, paidAmount: totals.successAmount ?? 0,
            failedCount: totals.failedCount ?? 0, outcomes: outcomes, responseCodes: codeCounts, sha256: sha256)
    }

    /// The layout of a debit file, from its first line; refuses return files and files
    /// no layout fits.
    private func debitLayout(_ path: String) throws -> Layout {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw AutodebetError(.invalidInput, "\(path): cannot be read: \(String(cString: strerror(errno)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw AutodebetError(.invalidInput, "\(path): not a regular file")
        }
        let recognition: LayoutRecognition
        do {
            recognition = try catalog.recognize(path: path)
        } catch let error as FileReadError {
            throw AutodebetError(.invalidInput, error.description)
        }
        if let detected = recognition.recognized(), detected.kind == .returns {
            throw AutodebetError(.invalidInput, "\(path): a \(detected.layout.name) return file, not a debit file")
        }
        guard let layout = recognition.recognized([.debit])?.layout else {
            let known = catalog.layouts.map { "\($0.name) (\($0.recordLength) bytes)" }.joined(separator: ", ")
            throw AutodebetError(
                .invalidInput, "\(path): the first line is not the header of a debit file of one known layout (known: \(known))")
        }
        return layout
    }

    private static func lastComponent(_ path: String) -> String {
        let trimmed = trimmingTrailingSlashes(path)
        guard let slash = trimmed.lastIndex(of: "/") else { return trimmed }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    private static func trimmingTrailingSlashes(_ path: String) -> String {
        var path = path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }
}

/// The response codes of a layout by outcome, to pick one per answer.
private struct ResponseCodeChoice {
    let layoutName: String
    let byOutcome: [[ResponseCode]]

    init(layout: Layout) throws {
        layoutName = layout.name
        byOutcome = OutcomeClass.allCases.map { outcome in
            layout.codes(for: outcome).compactMap { layout.responseCodes[$0] }
        }
        guard !byOutcome[OutcomeClass.paid.simulationSlot].isEmpty else {
            throw AutodebetError(.failure, "layout \(layout.name) has no response code for outcome paid")
        }
    }

    func pick(_ outcome: OutcomeClass, selector: UInt64) throws -> ResponseCode {
        let codes = byOutcome[outcome.simulationSlot]
        guard !codes.isEmpty else {
            throw AutodebetError(.failure, "layout \(layoutName) has no response code for outcome \(outcome)")
        }
        return codes[Int(selector % UInt64(codes.count))]
    }
}

extension OutcomeClass {
    /// Position in `allCases`, for counting in arrays.
    fileprivate var simulationSlot: Int {
        switch self {
        case .paid: 0
        case .insufficientFunds: 1
        case .temporary: 2
        case .accountInvalid: 3
        case .mandateInvalid: 4
        case .rejected: 5
        }
    }
}
