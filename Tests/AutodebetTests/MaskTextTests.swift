import Autodebet
import Testing
import PersonalData

@Suite("masking by content")
struct MaskTextTests {
    @Test("every run of six or more digits shows only its last four, wherever it stands")
    func runs() {
        #expect(Mask.text("3578014105900001") == "************0001")
        #expect(Mask.text("line 1, 1308031110859611: x") == "line 1, ************9611: x")
        #expect(Mask.text("2026-12-24") == "2026-12-24")
        #expect(Mask.text("acct 123456") == "acct **3456")
        #expect(Mask.text("12345") == "12345")
    }

    @Test("an instruction reference stays whole; digits around it are still masked")
    func references() {
        #expect(Mask.keepingReferences("AD202612100000000008: no such debit instruction") == "AD202612100000000008: no such debit instruction")
        #expect(Mask.keepingReferences("ref AD2026121000000000081 kpj 3274055903654852")
                == "ref AD***************0081 kpj ************4852")
        #expect(Mask.keepingReferences("ADX 1234567") == "ADX ***4567")
        #expect(Mask.keepingReferences("debit file AD_114_202612_A1_S0001.txt, amount 317101111193001010")
                == "debit file AD_114_202612_A1_S0001.txt, amount **************1010")
    }

    /// The logs mask every line by content, so a count of 100,000 or more written plainly
    /// lost its leading digits ("read and staged **3910 rows"); logs write counts grouped.
    @Test("a count written grouped, as the logs write counts, stays whole")
    func groupedCounts() {
        #expect(Mask.text("read and staged \(203_910.grouped) rows") == "read and staged 203,910 rows")
        #expect(Mask.text("read and staged 203910 rows") == "read and staged **3910 rows")
    }
}
