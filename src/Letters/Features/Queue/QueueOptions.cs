namespace Letters.Features.Queue;

/// <summary>The queue's three clocks (sticky offer, work lease, SLA) and the sweeper's pace.</summary>
public sealed class QueueOptions
{
    /// <summary>How long a claim lasts without a heartbeat or autosave.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(30);

    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    public int SweepBatchSize { get; set; } = 100;

    /// <summary>Lease expiries after which a letter is flagged for an admin.</summary>
    public int ExpiriesBeforeEscalation { get; set; } = 3;

    /// <summary>A writer away or offline this long gives back the letters they claimed but have not started.</summary>
    public TimeSpan AwayGrace { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Due within this and not yet in review: at risk.</summary>
    public TimeSpan AtRiskWindow { get; set; } = TimeSpan.FromHours(24);
}
