import Autodebet
import Testing
import PersonalData

@Suite("masking personal data")
struct MaskTests {
    @Test("all but the last four digits are replaced", arguments: [
        ("0012345678", "******5678"),
        ("3578014105900001", "************0001"),
        ("12345", "*2345"),
        ("1234", "****"),
        ("", ""),
    ])
    func mask(_ input: String, _ expected: String) {
        #expect(Mask.digits(input) == expected)
    }

    @Test("grouped thousands for rupiah")
    func grouped() {
        #expect(1_234_567.grouped == "1,234,567")
        #expect(Int64(28_400).grouped == "28,400")
        #expect(0.grouped == "0")
        #expect((-1_000).grouped == "-1,000")
    }
}
