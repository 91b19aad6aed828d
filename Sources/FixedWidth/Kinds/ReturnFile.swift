/// Return files: a bank's answers to a debit file, read by returns import (untrusted
/// input), written by the bank simulator and tests.
public enum ReturnFile: FixedWidthFileKind {
    public typealias Header = ReturnFileHeader
    public typealias Detail = ReturnDetail
    public typealias Trailer = ReturnFileTrailer

    public static let fileKind = FileKind.returns
}
