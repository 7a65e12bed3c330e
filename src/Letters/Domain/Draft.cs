namespace Letters.Domain;

/// <summary>
/// One version of a letter's text. Autosaves from one editing session (a page, until it submits or the version is
/// ten minutes old) fold into one version, counted in <see cref="Saves"/>; a submitted version is never changed.
/// </summary>
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

    /// <summary>When the last autosave folded into this version.</summary>
    public DateTimeOffset SavedAt { get; set; }

    /// <summary>How many autosaves this version holds; a save must name the count it saw (the stale-tab fence).</summary>
    public int Saves { get; set; } = 1;

    /// <summary>The editing session (one open page) whose saves fold into this version.</summary>
    public Guid? Session { get; set; }

    /// <summary>The letter as one text, as the reader reads it: what review diffs compare.</summary>
    public string FullText => $"{Salutation}\n\n{Body}\n\n{Closing}\n{Signature}";
}
