using Letters.Tests.Infrastructure;

namespace Letters.Tests.Foundation;

/// <summary>
/// Names on the wire and on the page have one spelling each: a mode is <c>WireNames.Mode</c>, a priority
/// <c>WireNames.Of</c>/<c>IsRush</c>, a wire name in a sentence <c>Display.Phrase</c>. Spelled by hand beside them, two
/// copies drift (a page says "standard" where the API says another word); this finds any copy.
/// </summary>
public sealed class OneSpellingTests
{
    [Theory]
    [InlineData("? \"test\" : \"live\"", "WireNames.Mode(isTest)")]
    [InlineData("? \"live\" : \"test\"", "WireNames.Of(mode)")]
    [InlineData("== \"rush\"", "WireNames.IsRush(priority)")]
    [InlineData("? \"rush\" : \"standard\"", "WireNames.Of(priority)")]
    [InlineData(".Replace('_', ' ')", "Display.Phrase(name)")]
    public void A_name_is_spelled_only_through_its_one_door(string handWritten, string door)
    {
        var found = Repository.SourceLines(Repository.PathTo("src", "Letters"), "*.cs*")
            .Where(l => !l.File.EndsWith("Display.cs", StringComparison.Ordinal) && !l.File.EndsWith("WireNames.cs", StringComparison.Ordinal))
            .Where(l => l.Line.Contains(handWritten, StringComparison.Ordinal))
            .Select(l => $"{l.File}:{l.Number}: {l.Line.Trim()}")
            .ToList();

        Assert.True(found.Count == 0, $"Use {door}: {string.Join(" | ", found)}");
    }
}
