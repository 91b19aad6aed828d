import Foundation
import Testing
@testable import FixedWidth

/// Broken variants of the bpd-a layout, each rejected with a problem naming the record
/// and field at fault.
@Suite struct LayoutCheckTests {
    typealias JSON = [String: Any]

    /// bpd-a as a mutable JSON tree, without the redundant `end` keys, so a test can move
    /// a field by changing `start` or `length` alone.
    func bpdA() throws -> JSON {
        var json = try Fixtures.layoutJSON("bpd-a")
        for file in ["debit", "return"] {
            var records = json[file] as! JSON
            for role in ["header", "detail", "trailer"] {
                var record = records[role] as! JSON
                record["fields"] = (record["fields"] as! [JSON]).map { field in
                    var field = field
                    field["end"] = nil
                    return field
                }
                records[role] = record
            }
            json[file] = records
        }
        return json
    }

    /// Applies `change` to the field `name` of the record at `file`/`role`.
    func changing(_ file: String, _ role: String, _ name: String, _ change: (inout JSON) -> Void) throws -> JSON {
        var json = try bpdA()
        var records = json[file] as! JSON
        var record = records[role] as! JSON
        var fields = record["fields"] as! [JSON]
        let index = try #require(fields.firstIndex { $0["name"] as? String == name })
        change(&fields[index])
        record["fields"] = fields
        records[role] = record
        json[file] = records
        return json
    }

    func changingCodes(_ change: (inout JSON) -> Void) throws -> JSON {
        var json = try bpdA()
        var codes = json["responseCodes"] as! JSON
        change(&codes)
        json["responseCodes"] = codes
        return json
    }

    /// The problems found in `json` (the test fails if it loads).
    func problems(_ json: JSON) throws -> [String] {
        let data = try JSONSerialization.data(withJSONObject: json)
        let error = #expect(throws: LayoutError.self) { try Layout.decode(data, source: "test.json") }
        return error?.problems ?? []
    }

    func expectProblem(_ json: JSON, containing parts: String..., sourceLocation: SourceLocation = #_sourceLocation) throws {
        let found = try problems(json)
        #expect(
            found.contains { problem in parts.allSatisfy(problem.contains) },
            "no problem mentions \(parts); found: \(found)", sourceLocation: sourceLocation)
    }

    @Test func unchangedLayoutLoads() throws {
        let data = try JSONSerialization.data(withJSONObject: try bpdA())
        #expect(try Layout.decode(data, source: "test.json").name == "bpd-a")
    }

    @Test func gapBetweenFields() throws {
        let json = try changing("debit", "detail", "account_number") { $0["length"] = 15 }
        try expectProblem(json, containing: "debit detail", "'account_name'", "gap", "37–37")
    }

    @Test func overlappingFields() throws {
        let json = try changing("debit", "detail", "account_name") { $0["start"] = 37 }
        try expectProblem(json, containing: "debit detail", "'account_name'", "overlaps 'account_number'")
    }

    @Test func wrongTotalLength() throws {
        let json = try changing("debit", "trailer", "filler") { $0["length"] = 73 }
        try expectProblem(json, containing: "debit trailer", "add up to 119", "recordLength is 120")
    }

    @Test func unknownFormat() throws {
        let json = try changing("debit", "detail", "amount") { $0["format"] = "money" }
        try expectProblem(json, containing: "debit detail, field 'amount'", "unknown format 'money'")
        // …and is not also reported missing.
        #expect(try !problems(json).contains { $0.contains("missing required field 'amount'") })
    }

    @Test func formatNotAllowedForField() throws {
        let json = try changing("return", "detail", "amount_debited") { $0["format"] = "X" }
        try expectProblem(json, containing: "return detail, field 'amount_debited'", "takes amount")
    }

    @Test func unknownFieldName() throws {
        let json = try changing("debit", "detail", "kpj") { $0["name"] = "kpj_number" }
        try expectProblem(json, containing: "debit detail, field 'kpj_number'", "unknown field name")
    }

    @Test func fieldNotBelongingToTheRecord() throws {
        let json = try changing("debit", "header", "attempt") { $0["name"] = "jkk"; $0["format"] = "amount" }
        try expectProblem(json, containing: "debit header, field 'jkk'", "not a field of a debit header")
    }

    @Test func missingRequiredField() throws {
        let json = try changing("debit", "detail", "amount") { $0["name"] = "filler"; $0["format"] = "filler" }
        try expectProblem(json, containing: "debit detail", "missing required field 'amount'")
        let noCount = try changing("return", "trailer", "detail_count") { $0["name"] = "filler"; $0["format"] = "filler" }
        try expectProblem(noCount, containing: "return trailer", "missing required field 'detail_count'")
    }

    @Test func repeatedFieldName() throws {
        let json = try changing("debit", "detail", "nik") { $0["name"] = "kpj" }
        try expectProblem(json, containing: "debit detail, field 'kpj'", "more than once")
    }

    @Test func dateAndPeriodLengths() throws {
        let date = try changing("debit", "header", "creation_date") { $0["format"] = "YYYYMM" }
        try expectProblem(date, containing: "debit header, field 'creation_date'", "format 'YYYYMM' not allowed")
        let period = try changing("debit", "header", "period") { $0["format"] = "YYYYMMDD" }
        try expectProblem(period, containing: "debit header, field 'period'", "not allowed")
        let short = try changing("return", "detail", "processing_date") { $0["length"] = 7 }
        try expectProblem(short, containing: "return detail, field 'processing_date'", "8 long, not 7")
    }

    @Test func numbersWiderThan18Digits() throws {
        let json = try changing("debit", "trailer", "total_amount") { $0["length"] = 19 }
        try expectProblem(json, containing: "debit trailer, field 'total_amount'", "too wide")
    }

    @Test func recordTypeRules() throws {
        let mismatch = try changing("debit", "trailer", "record_type") { $0["value"] = "Z" }
        try expectProblem(mismatch, containing: "debit trailer, field 'record_type'", "differs from the record's recordType 'T'")
        let same = try changing("debit", "trailer", "record_type") { $0["value"] = "D" }
        var json = same
        var debit = json["debit"] as! JSON
        var trailer = debit["trailer"] as! JSON
        trailer["recordType"] = "D"
        debit["trailer"] = trailer
        json["debit"] = debit
        try expectProblem(json, containing: "debit file", "detail and trailer record types", "cannot be told apart")
        let noValue = try changing("debit", "header", "record_type") { $0["value"] = nil }
        try expectProblem(noValue, containing: "debit header, field 'record_type'", "needs a constant")
    }

    @Test func constantsMustFit() throws {
        let json = try changing("debit", "header", "originator") { $0["value"] = "BPJSTKBPU123" }
        try expectProblem(json, containing: "debit header, field 'originator'", "does not fit length 10")
        let onData = try changing("debit", "header", "bank_code") { $0["value"] = "114" }
        try expectProblem(onData, containing: "debit header, field 'bank_code'", "only record_type and originator")
    }

    @Test func responseCodeOfWrongLength() throws {
        let json = try changingCodes { $0["5"] = ["outcome": "rejected", "description": "short"] }
        try expectProblem(json, containing: "responseCodes, code '5'", "response_code field is 2")
    }

    @Test func noPaidCode() throws {
        let json = try changingCodes { $0["00"] = ["outcome": "rejected", "description": "not paid"] }
        try expectProblem(json, containing: "responseCodes", "no code has outcome 'paid'")
    }

    @Test func unknownOutcome() throws {
        let json = try changingCodes { $0["51"] = ["outcome": "broke", "description": "?"] }
        try expectProblem(json, containing: "responseCodes, code '51'", "unknown outcome 'broke'")
    }

    @Test func emptyResponseCodes() throws {
        let json = try changingCodes { $0 = [:] }
        try expectProblem(json, containing: "responseCodes", "empty")
    }

    @Test func misspeltAndMissingKeys() throws {
        let misspelt = try changing("debit", "detail", "amount") { $0["lenght"] = 15 }
        try expectProblem(misspelt, containing: "debit detail, field 'amount'", "unknown key 'lenght'")
        var json = try bpdA()
        json["lineEnding"] = "CR"
        json["recordLength"] = "120"
        json["return"] = nil
        let found = try problems(json)
        #expect(found.contains { $0.contains("lineEnding 'CR'") })
        #expect(found.contains { $0.contains("'recordLength' must be an integer") })
        #expect(found.contains { $0.contains("return file: missing") })
    }

    /// Every problem is listed, not only the first.
    @Test func allProblemsAreCollected() throws {
        var json = try changing("debit", "detail", "amount") { $0["format"] = "money" }
        var codes = json["responseCodes"] as! JSON
        codes["51"] = ["outcome": "broke"]
        json["responseCodes"] = codes
        json["amountUnit"] = "dollar"
        let found = try problems(json)
        #expect(found.count >= 3, "\(found)")
        let error = LayoutError(source: "x.json", problems: found)
        #expect(error.description.hasPrefix("layout x.json: \(found.count) problems:"))
    }

    @Test func endMustAgreeWithStartAndLength() throws {
        var json = try Fixtures.layoutJSON("bpd-a")
        var debit = json["debit"] as! JSON
        var detail = debit["detail"] as! JSON
        var fields = detail["fields"] as! [JSON]
        fields[4]["end"] = 81
        detail["fields"] = fields
        debit["detail"] = detail
        json["debit"] = debit
        try expectProblem(json, containing: "debit detail, field 'amount'", "end 81", "expected end 82")
    }

    @Test func notJSON() {
        let error = #expect(throws: LayoutError.self) { try Layout.decode(Array("{\"name\": ".utf8), source: "bad.json") }
        #expect(error?.problems.count == 1)
        #expect(error?.source == "bad.json")
    }
}
