namespace Letters.Domain;

/// <summary>
/// Where a client wants to hear about their letters: a URL, the event types it takes (none listed: all), and the
/// secret deliveries are signed with (Standard Webhooks). Test-mode endpoints get test events only, live live.
/// </summary>
public sealed class WebhookEndpoint
{
    public Guid Id { get; set; }
    public Guid ClientId { get; set; }
    public bool IsTest { get; set; }
    public required string Url { get; set; }
    public string? Description { get; set; }
    public List<string> EventTypes { get; set; } = [];

    /// <summary><c>whsec_</c> and base64 of 32 random bytes; shown to the client once, when made or rotated.</summary>
    public required string Secret { get; set; }

    /// <summary>After a rotation the old secret signs beside the new one until <see cref="PreviousSecretUntil"/>.</summary>
    public string? PreviousSecret { get; set; }
    public DateTimeOffset? PreviousSecretUntil { get; set; }

    /// <summary>Set when deliveries stop (the receiver said 410, or failed for days); deliveries wait until re-enabled.</summary>
    public DateTimeOffset? DisabledAt { get; set; }
    public string? DisabledReason { get; set; }

    /// <summary>The first failed attempt since the last success; the clock of the disable-after-days rule.</summary>
    public DateTimeOffset? FailingSince { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public bool Wants(string eventType) => EventTypes.Count == 0 || EventTypes.Contains(eventType);
}

/// <summary>
/// One event as it is sent: the exact JSON bytes every attempt signs and posts, so a retry or a replay is the
/// same message with the same <c>webhook-id</c>. Made once per event, when a client's endpoint wants it.
/// </summary>
public sealed class WebhookMessage
{
    /// <summary>The <c>webhook-id</c>: <c>evt_{order event id}</c> (the feed's id too), or <c>msg_…</c> for a test ping.</summary>
    public required string Id { get; set; }
    public Guid ClientId { get; set; }
    public bool IsTest { get; set; }
    public long? EventId { get; set; }
    public required string Type { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public enum WebhookDeliveryState
{
    Pending,
    Succeeded,

    /// <summary>Every attempt of the schedule failed; a replay or re-enabling the endpoint tries again.</summary>
    Failed,

    /// <summary>Its endpoint is disabled: it waits, out of the senders' way, until the endpoint is enabled again.</summary>
    Held,
}

/// <summary>A message on its way to one endpoint: the retry schedule's state. Each try is a <see cref="WebhookAttempt"/>.</summary>
public sealed class WebhookDelivery
{
    public long Id { get; set; }

    /// <summary>The endpoint's client: the senders take clients in turn, and cap how many of one's are in flight.</summary>
    public Guid ClientId { get; set; }
    public Guid EndpointId { get; set; }
    public required string MessageId { get; set; }

    /// <summary>Asked for again by the client: a second delivery of the same message, beside the first.</summary>
    public bool IsReplay { get; set; }
    public WebhookDeliveryState State { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>The instance sending it holds it until then; a crash mid-send frees it for another.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
}

/// <summary>One try: when, what came back, how long it took, and the start of the answer.</summary>
public sealed class WebhookAttempt
{
    public long Id { get; set; }
    public long DeliveryId { get; set; }
    public Guid EndpointId { get; set; }
    public required string MessageId { get; set; }
    public required string EventType { get; set; }
    public int Attempt { get; set; }
    public DateTimeOffset AttemptedAt { get; set; }

    /// <summary>The HTTP status; none when no answer came (refused, timed out, blocked address).</summary>
    public int? StatusCode { get; set; }
    public int LatencyMs { get; set; }
    public bool Succeeded { get; set; }

    /// <summary>The first 1 KB of the response body, or what went wrong when there was none.</summary>
    public string? Response { get; set; }
}
