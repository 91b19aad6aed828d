import Autodebet
import Testing

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
}
