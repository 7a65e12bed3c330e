namespace Letters.Tests.Infrastructure;

/// <summary>Paths in the checkout the tests run from.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathTo(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>
    /// Every line of the source files (<paramref name="pattern"/>) under <paramref name="folder"/>, build output left
    /// out, for the tests that find a second copy of something that has one door.
    /// </summary>
    public static IEnumerable<(string File, int Number, string Line)> SourceLines(string folder, string pattern = "*.cs") =>
        Directory.EnumerateFiles(folder, pattern, SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (Path.GetRelativePath(folder, f), i + 1, line)));

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Letters.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Letters.sln not found above the test binaries.");
    }
}
