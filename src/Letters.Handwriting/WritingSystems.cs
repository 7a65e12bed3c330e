using System.Collections.Concurrent;

namespace Letters.Handwriting;

/// <summary>
/// Which writing systems a style writes, read from what its font draws rather than written by hand beside it: each
/// system is a sample of the letters its languages need, and a style writes the system when it draws every one of them.
/// </summary>
public static class WritingSystems
{
    /// <summary>The systems in the order they are listed, each with the letters a style must draw to claim it.</summary>
    public static IReadOnlyList<(string Name, string Letters)> Samples { get; } =
    [
        ("Latin", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"),
        ("Western European", "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝßàáâãäåæçèéêëìíîïñòóôõöøùúûüýÿŒœ"),
        ("Central European", "ĄĆĘŁŃŚŹŻąćęłńśźżČĎĚŇŘŠŤŮŽčďěňřšťůžŐőŰű"),
        ("Turkish", "ĞğİıŞş"),
        ("Vietnamese", "ĂăÂâĐđÊêÔôƠơƯưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"),
        ("Cyrillic", "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя"),
        ("Greek", "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩαβγδεζηθικλμνξοπρστυφχψως"),
        ("Devanagari", "अआइईउऊएऐओऔकखगघङचछजझञटठडढणतथदधनपफबभमयरलवशषसहािीुूेैोौंः्"),
    ];

    private static readonly ConcurrentDictionary<string, string> Described = new();

    /// <summary>
    /// "Latin, Western European (without Æ æ Œ œ), Devanagari": every system the style draws whole, and one it draws all
    /// but a few letters of (at most one in ten), with the letters it lacks named.
    /// </summary>
    public static string Describe(HandwritingStyle style) => Described.GetOrAdd(style.Id, _ =>
    {
        var measure = Catalogue.Measure(style);
        var parts = new List<string>();
        foreach (var (name, letters) in Samples)
        {
            var missing = measure.Unsupported(letters);
            if (missing.Count == 0)
            {
                parts.Add(name);
            }
            else if (missing.Count * 10 <= letters.Length)
            {
                parts.Add($"{name} (without {string.Join(' ', missing)})");
            }
        }

        return string.Join(", ", parts);
    });
}
