namespace Letters.Domain;

/// <summary>
/// A price promised before ordering: what a letter of this length, priority and paper costs, held until
/// <see cref="ExpiresAt"/> for an order that names it, whatever the price list says by then.
/// </summary>
public sealed class Quote
{
    public Guid Id { get; set; }
    public Guid ClientId { get; set; }
    public bool IsTest { get; set; }
    public required string Length { get; set; }
    public Priority Priority { get; set; }
    public required string Paper { get; set; }
    public required Price Price { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
