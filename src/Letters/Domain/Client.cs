namespace Letters.Domain;

/// <summary>A person or business that orders letters, over the API or in the client web app (<c>/app</c>).</summary>
public sealed class Client
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string Email { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>For signing in to the web app (ASP.NET Core Identity's hasher); none for API-only clients made by an admin.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>Until the e-mail is confirmed the client may make test keys only.</summary>
    public DateTimeOffset? EmailConfirmedAt { get; set; }

    /// <summary>A suspended client's keys and sessions stop working.</summary>
    public DateTimeOffset? SuspendedAt { get; set; }

    /// <summary>Changes when the password changes or the client is suspended: every session signed in before ends.</summary>
    public Guid SecurityStamp { get; set; } = Guid.NewGuid();

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

    /// <summary>When the key was last seen, to the minute (written at most once a minute per key).</summary>
    public DateTimeOffset? LastUsedAt { get; set; }
}
