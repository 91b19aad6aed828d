/// One kind of fixed-width file, debit or return: its record types and the rules that
/// differ between the kinds. `FixedWidthFileReader` and `FixedWidthFileEncoder` hold
/// everything the kinds share.
///
/// Only this module's kinds (`DebitFile`, `ReturnFile`) conform: the tokens in the
/// requirements of `Decoding` and `Encoding` can be used only here.
public protocol FixedWidthFileKind {
    associatedtype Header: Sendable & Equatable
    associatedtype Detail: Sendable & Equatable
    associatedtype Trailer: Sendable & Equatable
    /// What reading computes from the details besides their count.
    associatedtype Totals: Sendable & Equatable
    associatedtype Decoding: FileDecoding where Decoding.Kind == Self
    associatedtype Encoding: FileEncoding where Encoding.Kind == Self

    static var fileKind: FileKind { get }
}
