namespace Letters.Domain;

public enum RenditionKind
{
    /// <summary>Watermarked, made when a draft is submitted.</summary>
    Proof,

    /// <summary>What is printed and sent, made on approval.</summary>
    Final,
}

/// <summary>A rendered PDF of a draft, kept with its SHA-256 so what was approved is what was sent.</summary>
public sealed class Rendition
{
    public Guid Id { get; set; }
    public Guid OrderId { get; set; }
    public Guid DraftId { get; set; }
    public RenditionKind Kind { get; set; }
    public required byte[] Pdf { get; set; }
    public required string Sha256 { get; set; }
    public int PageCount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A page of a rendition as a PNG of a given width, made when first asked for and kept.</summary>
public sealed class Thumbnail
{
    public Guid RenditionId { get; set; }
    public int Page { get; set; }
    public int Width { get; set; }
    public required byte[] Png { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
