namespace Letters.Domain;

/// <summary>A writer queue. Orders land in exactly one, chosen by the routing rules.</summary>
public sealed class Queue
{
    public Guid Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }

    /// <summary>Orders no rule matches go here. Exactly one queue is the default.</summary>
    public bool IsDefault { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// Sends orders of an occasion and/or language to a queue. The lowest <see cref="Position"/> that matches wins;
/// a null field matches anything.
/// </summary>
public sealed class RoutingRule
{
    public Guid Id { get; set; }
    public Guid QueueId { get; set; }
    public Queue? Queue { get; set; }
    public int Position { get; set; }
    public string? Occasion { get; set; }
    public string? Language { get; set; }
}
