namespace Letters.Domain;

public enum Availability
{
    Available,
    Away,
    Offline,
}

/// <summary>A professional writer: what they write, in which languages, and how much they can hold at once.</summary>
public sealed class Writer
{
    public Guid Id { get; set; }

    /// <summary>The staff login this writer signs in with.</summary>
    public Guid UserId { get; set; }

    public required string DisplayName { get; set; }

    /// <summary>Occasions this writer takes (anniversary, condolence …).</summary>
    public List<string> Skills { get; set; } = [];

    /// <summary>BCP 47 language tags, lower case (en, fr, de …).</summary>
    public List<string> Languages { get; set; } = [];

    /// <summary>Letters held at once: a senior writer 5, a trainee 2.</summary>
    public int Capacity { get; set; }

    public Availability Availability { get; set; }
    public DateTimeOffset? AvailabilityChangedAt { get; set; }
    public DateTimeOffset? LastSeenAt { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
}
