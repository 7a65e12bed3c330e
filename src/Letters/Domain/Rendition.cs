namespace Letters.Domain;

public enum RenditionKind
{
    /// <summary>Watermarked, made when a draft is submitted.</summary>
    Proof,

    /// <summary>What is printed and sent, made on approval.</summary>
    Final,
}

/// <summary>
/// A rendered PDF of a draft, named by its SHA-256 (its <see cref="Document"/>), so what was approved is what was sent.
/// </summary>
public sealed class Rendition
{
    public Guid Id { get; set; }
    public Guid OrderId { get; set; }
    public Guid DraftId { get; set; }
    public RenditionKind Kind { get; set; }
    public required string Sha256 { get; set; }
    public int PageCount { get; set; }

    /// <summary>The serial of the Intelligent Mail barcode on a final's envelope (US letters, when the company has a mailer ID).</summary>
    public long? MailSerial { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A page of a rendition as a PNG of a given width (its <see cref="Document"/>), made ahead by the picture worker.</summary>
public sealed class Thumbnail
{
    public Guid RenditionId { get; set; }
    public int Page { get; set; }
    public int Width { get; set; }
    public required string Sha256 { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// A rendition whose page pictures are still to be made: written with the rendition, in its transaction, and gone
/// once the pictures are kept (<c>PictureMaker</c>).
/// </summary>
public sealed class PictureJob
{
    public Guid RenditionId { get; set; }
    public Guid ClientId { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
