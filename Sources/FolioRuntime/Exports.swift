// The values commands read and print come with the runtime, so a command imports
// `FolioRuntime` alone.
@_exported import FolioBooks
@_exported import FolioCache
@_exported import FolioContext
@_exported import FolioJobs
@_exported import FolioCore
@_exported import FolioProviders
@_exported import FolioPosts
@_exported import FolioPublishing
@_exported import FolioRetrieval
@_exported import FolioSafety
@_exported import FolioTelemetry
@_exported import FolioTokenizers
