using System.Text.RegularExpressions;
using Letters.Infrastructure;
using Letters.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Letters.Tests.Foundation;

/// <summary>One worker shell: every background worker is declared once, switched by one scheme and run by one loop.</summary>
public sealed partial class WorkerTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    [Fact]
    public void Every_worker_that_leads_has_a_lock_key_of_its_own()
    {
        var keys = WorkerKind.All.Where(w => w.Lock is not null).Select(w => w.Lock!.Value).ToList();

        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(WorkerKind.All.Count, WorkerKind.All.Select(w => w.Name).Distinct().Count());
        Assert.All(WorkerKind.All, w => Assert.Matches("^[A-Z][A-Za-z]+$", w.Name));
    }

    [Fact]
    public void No_advisory_lock_key_is_written_outside_the_worker_declarations()
    {
        // An advisory lock taken in SQL must name its key through WorkerKind, never a number of its own.
        var sources = Directory.EnumerateFiles(Path.Combine(Repository.Root, "src", "Letters"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        var offenders = new List<string>();
        foreach (var file in sources)
        {
            foreach (var line in File.ReadLines(file))
            {
                if (AdvisoryCall().Match(line) is { Success: true } call && !call.Groups["key"].Value.StartsWith("{key}", StringComparison.Ordinal)
                    && !call.Groups["key"].Value.StartsWith("{WorkerKind.", StringComparison.Ordinal))
                {
                    offenders.Add($"{Path.GetFileName(file)}: {line.Trim()}");
                }

                if (LockLiteral().IsMatch(line) && Path.GetFileName(file) != "Workers.cs")
                {
                    offenders.Add($"{Path.GetFileName(file)}: {line.Trim()}");
                }
            }
        }

        Assert.Empty(offenders);
    }

    [Fact]
    public async Task Each_worker_runs_unless_its_own_setting_turns_it_off()
    {
        // The test app turns every worker off; turning one back on runs that one alone.
        Assert.DoesNotContain(fixture.App.Services.GetServices<IHostedService>(), s => s.GetType().Name.StartsWith("WorkerShell", StringComparison.Ordinal));

        await using var app = new LettersApp(fixture.App.ConnectionString, new TestClock(), settings: new Dictionary<string, string>
        {
            [WorkerKind.Books.EnabledKey] = "true",
        });
        var shells = app.Services.GetServices<IHostedService>().Where(s => s.GetType().Name.StartsWith("WorkerShell", StringComparison.Ordinal)).ToList();

        Assert.Equal("BookBuilder", Assert.Single(shells).GetType().GetGenericArguments().Single().Name);
        Assert.Equal("Letters:Workers:Books:Enabled", WorkerKind.Books.EnabledKey);
    }

    [GeneratedRegex(@"pg_(try_)?advisory_(xact_)?(un)?lock(_shared)?\((?<key>[^)]*)\)")]
    private static partial Regex AdvisoryCall();

    [GeneratedRegex(@"0x[0-9A-Fa-f]{14,16}\b")]
    private static partial Regex LockLiteral();
}
