namespace Letters.Domain;

/// <summary>A person or business that orders letters over the API.</summary>
public sealed class Client
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string Email { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public List<ApiKey> ApiKeys { get; } = [];
}

public enum ApiKeyMode
{
    Test,
    Live,
}

/// <summary>
/// An API key. The secret is shown once when created; only its SHA-256 is kept. The prefix
/// (e.g. <c>lt_test_3f9a</c>) is stored so people can tell their keys apart.
/// </summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }
    public Guid ClientId { get; set; }
    public Client? Client { get; set; }
    public ApiKeyMode Mode { get; set; }
    public required string Prefix { get; set; }
    public required byte[] Hash { get; set; }
    public string? Label { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
