using System.Reflection;
using System.Text.RegularExpressions;
using Letters.Infrastructure;
using Letters.Tests.Infrastructure;

namespace Letters.Tests.Foundation;

/// <summary>The README's configuration table is the whole truth: every setting the code reads is in it, by name.</summary>
public sealed partial class ReadmeSettingsTests
{
    private static readonly string Readme = File.ReadAllText(Repository.PathTo("README.md"));

    /// <summary>The table under "## Configuration", where an operator looks.</summary>
    private static readonly string Table = Section(Readme, "## Configuration");

    [Fact]
    public void Every_setting_the_code_reads_by_name_is_in_the_configuration_table()
    {
        var keys = Sources().SelectMany(source => SettingKey().Matches(source).Select(m => m.Groups["key"].Value)).Distinct().Order().ToList();

        Assert.NotEmpty(keys);
        var missing = keys.Where(key => !Table.Contains($"`Letters__{key.Replace(":", "__", StringComparison.Ordinal)}", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"Not in the README's configuration table: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_property_of_every_options_section_is_named_in_its_row()
    {
        var program = File.ReadAllText(Repository.PathTo("src", "Letters", "Program.cs"));
        var bindings = Binding().Matches(program).Select(m => (Type: m.Groups["type"].Value.Split('.')[^1], Section: m.Groups["section"].Value)).ToList();
        var missing = new List<string>();

        Assert.True(bindings.Count >= 8, $"found {bindings.Count} bound sections in Program.cs");
        foreach (var (typeName, section) in bindings)
        {
            var type = new[] { typeof(WorkerKind).Assembly, typeof(Letters.Handwriting.Pen.PlotterSettings).Assembly }.SelectMany(a => a.GetTypes()).Single(t => t.Name == typeName);
            var prefix = $"`{section.Replace(":", "__", StringComparison.Ordinal)}";
            var row = string.Join("\n", Table.Split('\n').Where(line => line.Contains(prefix, StringComparison.Ordinal)));
            if (row.Length == 0)
            {
                missing.Add($"{prefix}__*` (no row)");
                continue;
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }))
            {
                if (!row.Contains($"`{property.Name}", StringComparison.Ordinal) && !row.Contains($"__{property.Name}`", StringComparison.Ordinal))
                {
                    missing.Add($"{prefix}__{property.Name}`");
                }
            }
        }

        Assert.True(missing.Count == 0, $"Not named in the README's configuration table: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_worker_is_named_in_the_workers_row()
    {
        var row = Table.Split('\n').Single(line => line.Contains("`Letters__Workers__{Name}__Enabled`", StringComparison.Ordinal));

        Assert.All(WorkerKind.All, worker => Assert.Contains($"`{worker.Name}`", row, StringComparison.Ordinal));
    }

    [Fact]
    public void The_architecture_tree_names_every_feature_folder_and_only_those()
    {
        var tree = Section(Readme, "## Architecture");
        var folders = Directory.EnumerateDirectories(Repository.PathTo("src", "Letters", "Features")).Select(d => Path.GetFileName(d)!).Order().ToList();
        var named = FeatureFolder().Matches(tree).Select(m => m.Groups["name"].Value).Distinct().Order().ToList();

        Assert.Equal(folders, named);
    }

    private static IEnumerable<string> Sources() =>
        Directory.EnumerateFiles(Repository.PathTo("src", "Letters"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText);

    private static string Section(string markdown, string heading)
    {
        var start = markdown.IndexOf(heading, StringComparison.Ordinal);
        var end = markdown.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return markdown[start..(end < 0 ? markdown.Length : end)];
    }

    [GeneratedRegex(@"[├└┼┬]─ Features/(?<name>\w+)")]
    private static partial Regex FeatureFolder();

    /// <summary>A key the code reads by its name: a string that is exactly <c>"Letters:…"</c> (messages that name one are not reads).</summary>
    [GeneratedRegex("\"Letters:(?<key>[A-Za-z]+(?::[A-Za-z]+)*)\"")]
    private static partial Regex SettingKey();

    [GeneratedRegex(@"(?:Configure|AddOptions)<(?<type>[\w.]+)>\([^;]*?GetSection\(""(?<section>Letters:\w+)""\)", RegexOptions.Singleline)]
    private static partial Regex Binding();
}
