namespace Letters.Domain;

public enum ReviewDecision
{
    Approved,
    ChangesRequested,
}

/// <summary>An admin's decision on a submitted draft.</summary>
public sealed class Review
{
    public Guid Id { get; set; }
    public Guid OrderId { get; set; }
    public Guid DraftId { get; set; }
    public Guid ReviewerId { get; set; }
    public required string ReviewerName { get; set; }
    public ReviewDecision Decision { get; set; }
    public string? Notes { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
