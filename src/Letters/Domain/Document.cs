namespace Letters.Domain;

/// <summary>Where a document's bytes are: in its own row (the embedded default) or in S3-compatible object storage.</summary>
public enum DocumentStoreKind
{
    Postgres,
    S3,
}

/// <summary>
/// A file the service keeps (a letter's PDF, a picture of a page, a campaign's CSV, a book), known by the SHA-256 of
/// its bytes: two identical files are one document. The row is the metadata, and the bytes too while they live in
/// PostgreSQL; a rendition, thumbnail, upload or book names its document by hash.
/// </summary>
public sealed class Document
{
    public required string Sha256 { get; set; }
    public required string ContentType { get; set; }
    public long SizeBytes { get; set; }
    public DocumentStoreKind Store { get; set; }

    /// <summary>The bytes, when <see cref="Store"/> is PostgreSQL; null once they live in object storage.</summary>
    public byte[]? Content { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
