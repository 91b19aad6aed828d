import Foundation

/// One bank's file specification: record length, line ending, amount unit, the records
/// of its debit and return files, and what its response codes mean.
///
/// A layout is data (a JSON file, see `layouts/`); `decode(_:source:)` checks it
/// thoroughly, so every `Layout` value can be written and read by the engine.
public struct Layout: Sendable {
    public let name: String
    /// Where the layout was loaded from, for messages.
    public let source: String
    /// Bytes per record, line terminator excluded.
    public let recordLength: Int
    /// The terminator written; reading accepts LF and CRLF alike.
    public let lineEnding: LineEnding
    public let amountUnit: AmountUnit
    public let debit: FileLayout
    public let returns: FileLayout
    /// Code → meaning, e.g. `"51"` → insufficient funds.
    public let responseCodes: [String: ResponseCode]

    /// The records compiled for the encoder and decoder, once per layout.
    let compiledDebit: CompiledFile
    let compiledReturns: CompiledFile

    init(
        name: String, source: String, recordLength: Int, lineEnding: LineEnding, amountUnit: AmountUnit,
        debit: FileLayout, returns: FileLayout, responseCodes: [String: ResponseCode]
    ) {
        self.name = name
        self.source = source
        self.recordLength = recordLength
        self.lineEnding = lineEnding
        self.amountUnit = amountUnit
        self.debit = debit
        self.returns = returns
        self.responseCodes = responseCodes
        self.compiledDebit = CompiledFile(debit, kind: .debit, recordLength: recordLength)
        self.compiledReturns = CompiledFile(returns, kind: .returns, recordLength: recordLength)
    }

    /// Parses and checks a layout file. Throws `LayoutError` listing every problem found.
    public static func decode(_ data: Data, source: String) throws -> Layout {
        let root: JSONValue
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw LayoutError(source: source, problems: ["not valid JSON: \(describeSyntaxError(in: data, fallback: error))"])
        }
        var checker = LayoutChecker()
        guard let layout = checker.check(root, source: source) else {
            throw LayoutError(source: source, problems: checker.problems)
        }
        return layout
    }

    public static func decode(_ bytes: [UInt8], source: String) throws -> Layout {
        try decode(Data(bytes), source: source)
    }

    /// Reads and checks the layout file at `path`. A file that cannot be read is a
    /// `LayoutError` naming the system's reason (e.g. "Permission denied").
    public static func load(path: String) throws -> Layout {
        let bytes: [UInt8]
        do {
            bytes = try FileDescriptorSource.withFile(path) { file in
                var file = file
                return try file.contents()
            }
        } catch let error as FileReadError {
            throw LayoutError(source: path, problems: ["cannot be read: \(error.message)"])
        }
        return try decode(bytes, source: path)
    }

    /// The most details one debit file can hold: the smallest `10^n − 1` over the debit
    /// file's count-like fields (detail count, detail number). `bpd-b` counts in 6 digits,
    /// so 999,999.
    public var debitCapacity: Int {
        let counters = [debit.header, debit.detail, debit.trailer].flatMap(\.fields)
            .filter { $0.name == .detailCount || $0.name == .detailNumber }
        return counters.map { field in
            (0..<field.length).reduce(1) { value, _ in value * 10 } - 1
        }.min() ?? Int.max
    }

    /// The file layout of one kind.
    public func file(_ kind: FileKind) -> FileLayout {
        kind == .debit ? debit : returns
    }

    func compiled(_ kind: FileKind) -> CompiledFile {
        kind == .debit ? compiledDebit : compiledReturns
    }

    /// The codes whose outcome is `paid` (what a bank simulator answers for success).
    public var paidCodes: [String] {
        responseCodes.values.filter { $0.outcome == .paid }.map(\.code).sorted()
    }

    /// The codes of one outcome, sorted.
    public func codes(for outcome: OutcomeClass) -> [String] {
        responseCodes.values.filter { $0.outcome == outcome }.map(\.code).sorted()
    }

    /// A syntax error's message with its place, for whoever edits the file by hand.
    /// `JSONDecoder` only says "not valid JSON"; `JSONSerialization` says where.
    private static func describeSyntaxError(in data: Data, fallback: any Error) -> String {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return "\(fallback)"
        } catch {
            let message = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? "\(error)"
            guard let range = message.range(of: "character "),
                  let offset = Int(message[range.upperBound...].prefix { $0.isNumber }), offset <= data.count
            else { return message }
            let before = Array(data.prefix(offset))
            let line = before.filter { $0 == ASCII.lineFeed }.count + 1
            let column = offset - (before.lastIndex(of: ASCII.lineFeed).map { $0 + 1 } ?? 0) + 1
            return "\(message) (line \(line), column \(column))"
        }
    }
}
