import ArgumentParser
import FixedWidth

extension Period: @retroactive ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
    public var defaultValueDescription: String { description }
}

extension CalendarDate: @retroactive ExpressibleByArgument {
    public init?(argument: String) { self.init(iso: argument) }
    public var defaultValueDescription: String { description }
}
