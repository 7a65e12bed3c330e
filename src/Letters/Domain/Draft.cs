namespace Letters.Domain;

/// <summary>One saved version of a letter's text. Autosave adds versions; none is ever overwritten.</summary>
public sealed class Draft
{
    public Guid Id { get; set; }
    public Guid OrderId { get; set; }
    public int Version { get; set; }
    public Guid WriterId { get; set; }

    /// <summary>The claim attempt this version was written under.</summary>
    public int Attempt { get; set; }

    public required string Salutation { get; set; }
    public required string Body { get; set; }
    public required string Closing { get; set; }
    public required string Signature { get; set; }
    public bool Submitted { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
