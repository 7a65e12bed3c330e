namespace Letters.Domain;

/// <summary>
/// A remembered response to a request made with an <c>Idempotency-Key</c>. The unique (client, key) index is
/// what makes two racing requests create one order: the loser's insert fails inside its transaction.
/// </summary>
public sealed class IdempotencyRecord
{
    public long Id { get; set; }
    public Guid ClientId { get; set; }
    public required string Key { get; set; }
    public required string RequestHash { get; set; }
    public int StatusCode { get; set; }
    public required string ResponseBody { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
