namespace Letters.Domain;

/// <summary>
/// How a letter is written and how it looks: who it is to (the relationship), its tone and length, its language,
/// and the hand, ink, paper and size it is written in, signed with. An order carries the settings of its letter; a
/// campaign carries them for every letter it makes and a standing order for every year's. Declared here once, as an
/// value owned by each of them and kept in its table (<c>LetterSettingsConfiguration</c> maps it once, with its lengths); what
/// the letter is for (the occasion, the key orders are routed and listed by) and what it says (the brief) stay
/// with each owner.
/// </summary>
public sealed record LetterSettings
{
    public const int RelationshipLength = 200;
    public const int SignatureLength = 200;

    public required string Relationship { get; set; }
    public required string Tone { get; set; }
    public required string Length { get; set; }
    public required string Language { get; set; }
    public required string Style { get; set; }
    public required string Ink { get; set; }
    public required string Paper { get; set; }
    public required string PageSize { get; set; }
    public string? Signature { get; set; }

    /// <summary>
    /// Whether the client chose the style. When they did not, a writer with an approved hand of their own writes the
    /// letter in it (<c>LetterRendering.StyleOf</c>); a client who named a style keeps it.
    /// </summary>
    public bool StyleNamed { get; set; } = true;
}

/// <summary>What carries a letter's settings: an order, a campaign, a standing order.</summary>
public interface ILetterSettingsOwner
{
    LetterSettings Letter { get; }
}
