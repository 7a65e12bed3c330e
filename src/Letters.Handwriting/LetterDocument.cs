namespace Letters.Handwriting;

/// <summary>Everything needed to render one letter. Knows nothing of orders, clients or writers.</summary>
public sealed record LetterDocument
{
    /// <summary>Written top right on page 1, e.g. "21 November 2026". Omitted when null.</summary>
    public string? DateLine { get; init; }

    public required string Salutation { get; init; }

    /// <summary>Paragraphs separated by a blank line; a single line break inside a paragraph is kept (verse, lists).</summary>
    public required string Body { get; init; }

    public required string Closing { get; init; }
    public required string Signature { get; init; }

    /// <summary>Adds an envelope page after the letter when set.</summary>
    public Envelope? Envelope { get; init; }

    /// <summary>
    /// <see cref="AddressPlacement.Window"/> writes the envelope's address on page 1 where a window envelope shows it
    /// (US Letter in a #10, A4 in a DL) and adds no envelope page.
    /// </summary>
    public AddressPlacement AddressPlacement { get; init; }

    /// <summary>The letter's language (BCP 47): its quotation marks and dashes are written as that language writes them.</summary>
    public string? Language { get; init; }

    public string Style { get; init; } = "caveat";
    public string Ink { get; init; } = "blue_black";
    public string Paper { get; init; } = "cream";
    public string PageSize { get; init; } = "a5";

    /// <summary>Proofs carry a diagonal PROOF watermark; finals do not.</summary>
    public bool Proof { get; init; }

    /// <summary>The same document and seed give a byte-identical PDF; another seed, another hand on another day.</summary>
    public ulong Seed { get; init; }

    public string? Title { get; init; }
    public string? Subject { get; init; }

    /// <summary>Recorded as the PDF's creation date. When null it is derived from the seed, keeping output reproducible.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>All the text that will be drawn, for the unsupported-character check.</summary>
    public string AllText() =>
        string.Join('\n', new[] { DateLine, Salutation, Body, Closing, Signature }
            .Concat(Envelope?.Recipient ?? [])
            .Concat(Envelope?.ReturnAddress ?? [])
            .Where(s => !string.IsNullOrEmpty(s)));
}

/// <summary>
/// Address lines, top to bottom, and the envelope (a <see cref="Catalogue.Envelopes"/> id) they are written on; and the
/// Intelligent Mail barcode a US letter carries (its 65 bars as T, A, D and F), printed in the post's clear zone.
/// </summary>
public sealed record Envelope(IReadOnlyList<string> Recipient, IReadOnlyList<string>? ReturnAddress = null, string Size = "dl", string? Barcode = null);

public sealed record RenderedLetter(byte[] Pdf, int PageCount);

/// <summary>Thrown rather than drawing blanks when the style's font lacks characters of the letter.</summary>
public sealed class UnsupportedCharactersException(string style, IReadOnlyList<string> characters)
    : ArgumentException($"The handwriting '{style}' cannot draw: {string.Join(' ', characters)}")
{
    public IReadOnlyList<string> Characters { get; } = characters;
}
