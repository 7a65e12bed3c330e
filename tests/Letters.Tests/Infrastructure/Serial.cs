namespace Letters.Tests.Infrastructure;

/// <summary>
/// Tests that drive a real browser or a separate app process, or stop a database: they run alone, not beside the
/// rest of the suite, because on a 2-core machine their timing suffers from (and disturbs) everything else.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class Serial
{
    public const string Name = "serial: browsers, processes, outages";
}
