namespace Letters.Domain;

/// <summary>An entry in a client's address book: who letters go to.</summary>
public sealed class Recipient
{
    public Guid Id { get; set; }
    public Guid ClientId { get; set; }
    public required string Name { get; set; }
    public string? Relationship { get; set; }
    public required string AddressLine1 { get; set; }
    public string? AddressLine2 { get; set; }
    public required string City { get; set; }
    public string? Region { get; set; }
    public required string PostalCode { get; set; }

    /// <summary>ISO 3166-1 alpha-2, upper case.</summary>
    public required string Country { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Deleting hides the entry; earlier orders still point at it and keep their history.</summary>
    public DateTimeOffset? DeletedAt { get; set; }
}
