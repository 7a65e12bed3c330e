using System.Text;

namespace Letters.Handwriting;

internal static class TextNormalizer
{
    /// <summary>Composed form (é as one character, as fonts map it), Unix line ends, tabs as spaces.</summary>
    public static string Normalize(string text) =>
        text.Normalize(NormalizationForm.FormC)
            .Replace("\r\n", "\n", StringComparison.Ordinal)
            .Replace('\r', '\n')
            .Replace('\t', ' ')
            .Replace('\u00A0', ' ');
}
