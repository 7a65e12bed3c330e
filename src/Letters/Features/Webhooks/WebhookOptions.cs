namespace Letters.Features.Webhooks;

/// <summary><c>Letters:Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    /// <summary>
    /// Deliver to loopback, private and link-local addresses. Off in production (a webhook URL must not reach
    /// into our own network); on in development and tests, where receivers run on this machine.
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>How often an idle instance looks for new events and due deliveries.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A delivery succeeds with a 2xx within this time.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Waits after each failed attempt (Standard Webhooks' example schedule): attempt 1 at once, then these,
    /// ≈ 3 days in all, each ±10 % so a recovering receiver is not hit by every retry at once.
    /// </summary>
    public TimeSpan[] RetryDelays { get; set; } =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5),
        TimeSpan.FromHours(10), TimeSpan.FromHours(14), TimeSpan.FromHours(20), TimeSpan.FromHours(24),
    ];

    /// <summary>An endpoint whose every attempt failed for this long is disabled, and its client told.</summary>
    public TimeSpan DisableAfter { get; set; } = TimeSpan.FromDays(5);

    /// <summary>How long the old secret signs beside the new one after a rotation, unless the rotation says.</summary>
    public TimeSpan DefaultRotationOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Attempts one instance has in flight at once.</summary>
    public int BatchSize { get; set; } = 64;

    /// <summary>
    /// Attempts of one client's in flight at once, over all instances: one client's slow endpoints or replays take at
    /// most this many of the senders, and the rest serve everyone else.
    /// </summary>
    public int MaxInFlightPerClient { get; set; } = 8;

    /// <summary>Events one replay sends at most; a longer range is asked for in parts.</summary>
    public int MaxReplay { get; set; } = 1000;

    /// <summary>How long finished deliveries, their attempts and their messages are kept in the log.</summary>
    public TimeSpan KeepFor { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often one instance prunes the log.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Endpoints a client may have per mode.</summary>
    public int MaxEndpoints { get; set; } = 20;
}
