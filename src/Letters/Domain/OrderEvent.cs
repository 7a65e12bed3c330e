namespace Letters.Domain;

/// <summary>
/// One line of an order's timeline. Every status change writes one, in the same transaction as the change;
/// some events (autosave excluded) record work that does not change the status, such as a lease extension.
/// </summary>
public sealed class OrderEvent
{
    public long Id { get; set; }
    public Guid OrderId { get; set; }

    /// <summary>What happened, in the client's words: received, queued, claimed, draft_submitted …</summary>
    public required string Type { get; set; }

    public OrderStatus? FromStatus { get; set; }
    public OrderStatus? ToStatus { get; set; }
    public ActorKind ActorKind { get; set; }
    public Guid? ActorId { get; set; }
    public required string ActorName { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
