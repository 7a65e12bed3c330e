namespace Letters.Handwriting;

/// <summary>What layout needs of a hand: how wide text is, in ems, and which characters it cannot write.</summary>
internal interface ITextMeasure
{
    double Measure(ReadOnlySpan<char> text);

    IReadOnlyList<string> Unsupported(string text);
}
