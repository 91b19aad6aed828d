import Autodebet
import FixedWidth
import Foundation
import Testing
import TestSupport

@Suite("bank simulator")
struct BankSimulatorTests {
    // MARK: Answers

    @Test("answers every debit of a debit file, in order, with correct totals", arguments: ["bpd-a", "bpd-b"])
    func answersEveryDebit(layoutName: String) throws {
        let directory = try SimulatorTemporaryDirectory()
        let layout = try SimulatorFixtures.catalog.layout(named: layoutName)
        let header = SimulatorFixtures.header(bank: layoutName == "bpd-a" ? "114" : "113", period: "2026-12", attempt: 2, sequence: 3)
        let details = SimulatorFixtures.details(count: 400, period: "2026-12", attempt: 2)
        let debitPath = try SimulatorFixtures.writeDebitFile(layout: layout, header: header, details: details, in: directory.path)

        let simulation = try BankSimulator(catalog: SimulatorFixtures.catalog, seed: 42)
            .answer(debitFile: debitPath, outputDirectory: directory.path + "/out/returns")

        #expect(simulation.returnFile == directory.path + "/out/returns/RET_" + header.fileName.description)
        #expect(simulation.layoutName == layoutName)
        let read = try SimulatorFixtures.readReturn(simulation.returnFile, layout: layout)
        #expect(read.errors.isEmpty, "\(read.errors)")
        #expect(read.summary.errorCount == 0)

        let returned = try #require(read.summary.header)
        #expect(returned.bankCode == header.bankCode)
        #expect(returned.period == header.period)
        #expect(returned.attempt == header.attempt)
        #expect(returned.sequence == header.sequence)
        #expect(returned.processingDate == header.debitDate)

        #expect(read.details.count == details.count)
        #expect(read.details.map(\.reference) == details.map(\.reference))
        var paidCount = 0, paidAmount: Int64 = 0
        for (answer, debit) in zip(read.details, details) {
            let expected = BankSimulator.outcome(
                accountNumber: debit.accountNumber, reference: debit.reference, period: header.period,
                attempt: header.attempt, seed: 42)
            #expect(answer.outcome == expected)
            #expect(layout.responseCodes[answer.responseCode]?.outcome == answer.outcome)
            #expect(answer.processingDate == header.debitDate)
            if answer.outcome == .paid {
                #expect(answer.amountDebited == debit.amount)
                paidCount += 1
                paidAmount += debit.amount
            } else {
                #expect(answer.amountDebited == 0)
            }
            if layoutName == "bpd-a" {
                #expect(answer.accountNumber == debit.accountNumber)
                #expect(answer.amountRequested == debit.amount)
                #expect(answer.description == layout.responseCodes[answer.responseCode]?.description.uppercased())
            } else {
                #expect(answer.detailNumber == answer.line - 1)
                #expect(!answer.description.isEmpty)
            }
        }
        let numbers: [Int?] = layoutName == "bpd-b" ? (1...details.count).map { $0 } : Array(repeating: nil, count: details.count)
        #expect(read.details.map(\.detailNumber) == numbers)

        // The trailer (checked against the details by the reader) and the report agree.
        #expect(read.summary.detailCount == details.count)
        #expect(read.summary.successCount == paidCount)
        #expect(read.summary.successAmount == paidAmount)
        #expect(read.summary.totalDebited == paidAmount)
        #expect(read.summary.failedCount == details.count - paidCount)
        let trailer = try #require(read.summary.trailer)
        #expect(trailer.detailCount == details.count)
        if layoutName == "bpd-a" {
            #expect(trailer.successCount == paidCount)
            #expect(trailer.successAmount == paidAmount)
            #expect(trailer.failedCount == details.count - paidCount)
        } else {
            #expect(trailer.totalDebited == paidAmount)
        }
        #expect(simulation.answerCount == details.count)
        #expect(simulation.paidCount == paidCount)
        #expect(simulation.paidAmount == paidAmount)
        #expect(simulation.failedCount == details.count - paidCount)
        #expect(simulation.outcomes.values.reduce(0, +) == details.count)
        #expect(simulation.outcomes.count >= 2, "a realistic mix, not all one outcome: \(simulation.outcomes)")
        #expect(paidCount > details.count * 3 / 4)

        // Mode 0600, no temporary file left behind, the reported SHA-256 is the file's.
        let attributes = try FileManager.default.attributesOfItem(atPath: simulation.returnFile)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path + "/out/returns") == ["RET_" + header.fileName.description])
        #expect(simulation.sha256.count == 64)
    }

    @Test("the summary line: answers, paid with amount, failed, and the failures by outcome")
    func summaryLine() throws {
        let directory = try SimulatorTemporaryDirectory()
        let layout = try SimulatorFixtures.catalog.layout(named: "bpd-a")
        let header = SimulatorFixtures.header(bank: "114", period: "2026-12", attempt: 1, sequence: 1)
        let details = SimulatorFixtures.details(count: 2_000, period: "2026-12", attempt: 1)
        let debitPath = try SimulatorFixtures.writeDebitFile(layout: layout, header: header, details: details, in: directory.path)
        let simulation = try BankSimulator(catalog: SimulatorFixtures.catalog).answer(debitFile: debitPath, outputDirectory: directory.path)
        let failures = simulation.outcomes.filter { $0.key != .paid }
        #expect(simulation.summary.hasPrefix(
            "\(directory.path)/RET_AD_114_202612_A1_S0001.txt: 2,000 answers, \(simulation.paidCount.grouped) paid "
                + "(Rp \(simulation.paidAmount.grouped)), \(simulation.failedCount.grouped) failed: "))
        for (outcome, count) in failures {
            #expect(simulation.summary.contains("\(outcome) \(count.grouped)"))
        }
        #expect(simulation.paidAmount > 1_000_000)
        #expect(simulation.summary.contains(","))
    }

    @Test("the same seed gives the same bytes; another seed other answers; the default seed is 1")
    func determinism() throws {
        let directory = try SimulatorTemporaryDirectory()
        let layout = try SimulatorFixtures.catalog.layout(named: "bpd-b")
        let header = SimulatorFixtures.header(bank: "111", period: "2027-01", attempt: 1, sequence: 1)
        let details = SimulatorFixtures.details(count: 500, period: "2027-01", attempt: 1)
        let debitPath = try SimulatorFixtures.writeDebitFile(layout: layout, header: header, details: details, in: directory.path)

        func run(seed: UInt64?, into name: String) throws -> (BankSimulation, Data) {
            let simulator = seed.map { BankSimulator(catalog: SimulatorFixtures.catalog, seed: $0) }
                ?? BankSimulator(catalog: SimulatorFixtures.catalog)
            let simulation = try simulator.answer(debitFile: debitPath, outputDirectory: directory.path + "/" + name)
            return (simulation, try Data(contentsOf: URL(fileURLWithPath: simulation.returnFile)))
        }
        let (first, firstBytes) = try run(seed: 7, into: "a")
        let (second, secondBytes) = try run(seed: 7, into: "b")
        let (_, otherBytes) = try run(seed: 8, into: "c")
        let (_, defaultBytes) = try run(seed: nil, into: "d")
        let (_, oneBytes) = try run(seed: 1, into: "e")
        #expect(firstBytes == secondBytes)
        #expect(first.sha256 == second.sha256)
        #expect(firstBytes != otherBytes)
        #expect(defaultBytes == oneBytes)
        #expect(BankSimulator.defaultSeed == 1)

        // Answering again into the same directory replaces the file with the same bytes.
        let (again, againBytes) = try run(seed: 7, into: "a")
        #expect(again.returnFile == first.returnFile)
        #expect(againBytes == firstBytes)
    }

    @Test("over 10,000 debits the mix is a bank's population's, with several codes per outcome")
    func mix() throws {
        let directory = try SimulatorTemporaryDirectory()
        let layout = try SimulatorFixtures.catalog.layout(named: "bpd-a")
        let header = SimulatorFixtures.header(bank: "114", period: "2026-12", attempt: 1, sequence: 1)
        let details = SimulatorFixtures.details(count: 10_000, period: "2026-12", attempt: 1)
        let debitPath = try SimulatorFixtures.writeDebitFile(layout: layout, header: header, details: details, in: directory.path)
        let simulation = try BankSimulator(catalog: SimulatorFixtures.catalog).answer(debitFile: debitPath, outputDirectory: directory.path)

        // Expected on attempt 1 in 2026-12 (not a paying period of "one month in four"):
        // invalid 0.5%, mandate 0.3%, insufficient 3% + 5% + 91.2% × 2.5% ≈ 10.3%,
        // temporary ≈ 0.9%, rejected ≈ 0.5%, paid ≈ 87.5%.
        func share(_ outcome: OutcomeClass) -> Double { Double(simulation.outcomes[outcome] ?? 0) / 10_000 }
        #expect((0.002...0.009).contains(share(.accountInvalid)))
        #expect((0.001...0.006).contains(share(.mandateInvalid)))
        #expect((0.085...0.12).contains(share(.insufficientFunds)))
        #expect((0.005...0.014).contains(share(.temporary)))
        #expect((0.002...0.009).contains(share(.rejected)))
        #expect((0.85...0.90).contains(share(.paid)))
        for code in ["00", "51", "61", "91", "96", "05", "13", "57"] {
            #expect((simulation.responseCodes[code] ?? 0) > 0, "code \(code) never answered: \(simulation.responseCodes)")
        }
        #expect(["14", "62", "78"].filter { (simulation.responseCodes[$0] ?? 0) > 0 }.count >= 2)
    }

    // MARK: The population's profiles

    @Test("profiles fall in their shares of the population")
    func profileShares() {
        var counts: [SimulatedAccountProfile: Int] = [:]
        for index in 0..<100_000 {
            counts[BankSimulator.profile(accountNumber: SimulatorFixtures.account(index), seed: 1), default: 0] += 1
        }
        #expect((300...700).contains(counts[.accountInvalid] ?? 0))
        #expect((150...450).contains(counts[.mandateInvalid] ?? 0))
        #expect((2_600...3_400).contains(counts[.paysOneMonthInFour] ?? 0))
        #expect((4_500...5_500).contains(counts[.shortAtStartOfMonth] ?? 0))
        // The profile of an account depends on the seed.
        let accounts = (0..<1_000).map(SimulatorFixtures.account)
        #expect(accounts.map { BankSimulator.profile(accountNumber: $0, seed: 1) }
            != accounts.map { BankSimulator.profile(accountNumber: $0, seed: 2) })
    }

    @Test("the paying period of 'one month in four'")
    func payingPeriods() {
        let paying = ["2026-12", "2027-01", "2027-02", "2027-03", "2027-04", "2027-07"].filter {
            BankSimulator.isPayingPeriod(Period($0)!)
        }
        #expect(paying == ["2027-03", "2027-07"])
    }

    @Test("sticky profiles across periods and attempts, as read back from the return files")
    func profilesOverTime() throws {
        let seed: UInt64 = 5
        let invalid = SimulatorFixtures.accounts(.accountInvalid, seed: seed, count: 3)
        let mandate = SimulatorFixtures.accounts(.mandateInvalid, seed: seed, count: 3)
        let oneInFour = SimulatorFixtures.accounts(.paysOneMonthInFour, seed: seed, count: 3)
        let short = SimulatorFixtures.accounts(.shortAtStartOfMonth, seed: seed, count: 3)
        let accounts = invalid + mandate + oneInFour + short
        let directory = try SimulatorTemporaryDirectory()

        /// Outcome per account for one debit file of `period` and `attempt`.
        func answers(_ layoutName: String, _ period: String, attempt: Int) throws -> [String: OutcomeClass] {
            let layout = try SimulatorFixtures.catalog.layout(named: layoutName)
            let header = SimulatorFixtures.header(bank: "114", period: period, attempt: attempt, sequence: 1)
            let details = accounts.enumerated().map { index, account in
                SimulatorFixtures.detail(index: index, account: account, period: period, attempt: attempt)
            }
            let debitPath = try SimulatorFixtures.writeDebitFile(layout: layout, header: header, details: details, in: directory.path)
            let simulation = try BankSimulator(catalog: SimulatorFixtures.catalog, seed: seed)
                .answer(debitFile: debitPath, outputDirectory: directory.path + "/returns-" + layoutName)
            let read = try SimulatorFixtures.readReturn(simulation.returnFile, layout: layout)
            #expect(read.summary.errorCount == 0)
            #expect(read.details.count == accounts.count)
            return Dictionary(uniqueKeysWithValues: zip(accounts, read.details.map(\.outcome)))
        }

        for layoutName in ["bpd-a", "bpd-b"] {
            for (period, attempt) in [("2026-12", 1), ("2026-12", 2), ("2026-12", 3), ("2027-01", 1), ("2027-01", 2),
                                      ("2027-01", 3), ("2027-02", 1), ("2027-02", 2), ("2027-02", 3), ("2027-03", 1)] {
                let outcome = try answers(layoutName, period, attempt: attempt)
                let label = "\(layoutName) \(period) attempt \(attempt)"
                for account in invalid { #expect(outcome[account] == .accountInvalid, "\(label)") }
                for account in mandate { #expect(outcome[account] == .mandateInvalid, "\(label)") }
                for account in oneInFour {
                    #expect(outcome[account] == (period == "2027-03" ? .paid : .insufficientFunds), "\(label)")
                }
                for account in short {
                    #expect(outcome[account] == (attempt == 1 ? .insufficientFunds : .paid), "\(label)")
                }
            }
        }
    }

    @Test("a regular account's debits vary by reference, not by account")
    func regularAccounts() {
        let account = SimulatorFixtures.accounts(.regular, seed: 1, count: 1)[0]
        let period = Period("2026-12")!
        let outcomes = (0..<5_000).map { index in
            BankSimulator.outcome(accountNumber: account, reference: "R\(index)", period: period, attempt: 1, seed: 1)
        }
        #expect(Set(outcomes) == Set(OutcomeClass.allCases).subtracting([.accountInvalid, .mandateInvalid]))
    }

    // MARK: Refusals

    @Test("a corrupt debit file is refused with its errors, and nothing is written")
    func corruptFile() throws {
        let directory = try SimulatorTemporaryDirectory()
        let layout = try SimulatorFixtures.catalog.layout(named: "bpd-a")
        let header = SimulatorFixtures.header(bank: "114", period: "2026-12", attempt: 1, sequence: 1)
        let details = SimulatorFixtures.details(count: 50, period: "2026-12", attempt: 1)
        let debitPath = try SimulatorFixtures.writeDebitFile(layout: layout, header: header, details: details, in: directory.path)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: debitPath)))
        // Line 3's amount (positions 68–82) gets a letter; the trailer total then no longer matches either.
        bytes[2 * 121 + 70] = UInt8(ascii: "X")
        try Data(bytes).write(to: URL(fileURLWithPath: debitPath))

        let out = directory.path + "/out"
        let error = #expect(throws: AutodebetError.self) {
            try BankSimulator(catalog: SimulatorFixtures.catalog).answer(debitFile: debitPath, outputDirectory: out)
        }
        #expect(error?.kind == .invalidInput)
        #expect(error?.message.hasPrefix(debitPath + ": not a valid bpd-a debit file") == true)
        #expect(error?.message.contains("error") == true)
        #expect(error?.details.first?.hasPrefix("line 3, amount") == true, "\(error?.details ?? [])")
        #expect(!FileManager.default.fileExists(atPath: out + "/RET_" + header.fileName.description))
        let left = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
        #expect(left.isEmpty)
    }

    @Test("a truncated debit file (no trailer) is refused")
    func truncatedFile() throws {
        let directory = try SimulatorTemporaryDirectory()
        let layout = try SimulatorFixtures.catalog.layout(named: "bpd-b")
        let header = SimulatorFixtures.header(bank: "113", period: "2026-12", attempt: 1, sequence: 1)
        let details = SimulatorFixtures.details(count: 20, period: "2026-12", attempt: 1)
        let debitPath = try SimulatorFixtures.writeDebitFile(layout: layout, header: header, details: details, in: directory.path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: debitPath))
        try bytes.prefix(bytes.count - 202).write(to: URL(fileURLWithPath: debitPath))
        let error = #expect(throws: AutodebetError.self) {
            try BankSimulator(catalog: SimulatorFixtures.catalog).answer(debitFile: debitPath, outputDirectory: directory.path + "/out")
        }
        #expect(error?.kind == .invalidInput)
        #expect(error?.message.contains("bpd-b") == true)
    }

    @Test("a return file, an unknown layout or a missing file is refused, naming the file")
    func notDebitFiles() throws {
        let directory = try SimulatorTemporaryDirectory()
        let layout = try SimulatorFixtures.catalog.layout(named: "bpd-a")
        let header = SimulatorFixtures.header(bank: "114", period: "2026-12", attempt: 1, sequence: 1)
        let debitPath = try SimulatorFixtures.writeDebitFile(
            layout: layout, header: header, details: SimulatorFixtures.details(count: 3, period: "2026-12", attempt: 1), in: directory.path)
        let simulator = BankSimulator(catalog: SimulatorFixtures.catalog)
        let simulation = try simulator.answer(debitFile: debitPath, outputDirectory: directory.path + "/out")

        let returnError = #expect(throws: AutodebetError.self) {
            try simulator.answer(debitFile: simulation.returnFile, outputDirectory: directory.path + "/out2")
        }
        #expect(returnError?.kind == .invalidInput)
        #expect(returnError?.message == "\(simulation.returnFile): a bpd-a return file, not a debit file")

        let garbage = directory.path + "/garbage.txt"
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: garbage))
        let garbageError = #expect(throws: AutodebetError.self) {
            try simulator.answer(debitFile: garbage, outputDirectory: directory.path + "/out2")
        }
        #expect(garbageError?.kind == .invalidInput)
        #expect(garbageError?.message.hasPrefix(garbage + ": ") == true)

        let missing = directory.path + "/missing.txt"
        let missingError = #expect(throws: AutodebetError.self) {
            try simulator.answer(debitFile: missing, outputDirectory: directory.path + "/out2")
        }
        #expect(missingError?.kind == .invalidInput)
        #expect(missingError?.message.hasPrefix(missing + ": cannot be read") == true)
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/out2"))
    }
}

// MARK: - Fixtures

private enum SimulatorFixtures {
    /// `<repo>/layouts`, found from this source file (links resolved, for scratch packages).
    static let layoutsDirectory = RepositoryRoot.layouts

    static let catalog: LayoutCatalog = try! LayoutCatalog(directories: [layoutsDirectory])

    static func header(bank: String, period: String, attempt: Int, sequence: Int) -> DebitFileHeader {
        let period = Period(period)!
        return DebitFileHeader(
            bankCode: bank, creationDate: period.day(1), debitDate: period.day(4 + 5 * attempt), period: period,
            attempt: attempt, sequence: sequence)
    }

    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Varied account numbers: 6 to 16 digits, some with leading zeros.
    static func account(_ index: Int) -> String {
        let width = 6 + index % 11
        let value = (index &* 2_654_435_761) % 1_000_000_007
        return String(padded(value, 16).suffix(width - 1)) + String(index % 10)
    }

    static func accounts(_ profile: SimulatedAccountProfile, seed: UInt64, count: Int) -> [String] {
        var found: [String] = []
        var index = 0
        while found.count < count {
            let candidate = "9" + padded(index, 11)
            if BankSimulator.profile(accountNumber: candidate, seed: seed) == profile { found.append(candidate) }
            index += 1
        }
        return found
    }

    static func detail(index: Int, account: String, period: String, attempt: Int) -> DebitDetail {
        let jht: Int64 = index % 3 == 0 ? 0 : 20_000
        let jkk: Int64 = index % 2 == 0 ? 5_000 : 10_000
        let jkm: Int64 = index % 2 == 0 ? 3_400 : 6_800
        let reference = "R" + period.replacingOccurrences(of: "-", with: "") + "A\(attempt)" + padded(index, 9)
        return DebitDetail(
            reference: reference, accountNumber: account, accountName: "Peserta \(index)",
            amount: jkk + jkm + jht, jkk: jkk, jkm: jkm, jht: jht, kpj: padded(index, 11), nik: "35780" + padded(index, 11))
    }

    static func details(count: Int, period: String, attempt: Int) -> [DebitDetail] {
        (0..<count).map { detail(index: $0, account: account($0), period: period, attempt: attempt) }
    }

    static func writeDebitFile(layout: Layout, header: DebitFileHeader, details: [DebitDetail], in directory: String) throws -> String {
        var encoder = try FixedWidthFileEncoder<DebitFile>(layout: layout, header: header)
        var buffer: [UInt8] = []
        try encoder.encodeHeader(into: &buffer)
        for detail in details { try encoder.encode(detail, into: &buffer) }
        try encoder.encodeTrailer(into: &buffer)
        let path = directory + "/" + header.fileName.description
        try Data(buffer).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func readReturn(_ path: String, layout: Layout) throws -> (summary: FixedWidthFileSummary<ReturnFile>, details: [ReturnDetail], errors: [InputProblem]) {
        var details: [ReturnDetail] = []
        var errors: [InputProblem] = []
        let summary = try FixedWidthFileReader<ReturnFile>.read(
            path: path, layout: layout, onDetail: { details.append($0) }, onError: { errors.append($0) })
        return (summary, details, errors)
    }
}

/// A fresh directory, removed when the value goes away.
private final class SimulatorTemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("bank-simulator-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
