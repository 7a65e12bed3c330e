namespace Letters.Domain;

/// <summary>
/// An admin's action that is not an order's status change (editing a writer, a queue, a routing rule), so every
/// admin action leaves a record naming the admin. Actions on orders are order events.
/// </summary>
public sealed class AdminAction
{
    public long Id { get; set; }
    public Guid AdminId { get; set; }
    public required string AdminName { get; set; }
    public required string Action { get; set; }
    public required string Subject { get; set; }
    public string? Details { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
