using System.Diagnostics;
using Letters.Tests.Infrastructure;

namespace Letters.Tests.Foundation;

/// <summary>The dev script as a developer runs it: ./dev.sh run in one terminal, ./dev.sh test in another.</summary>
public sealed class DevScriptTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_second_verb_on_another_port_uses_the_cluster_that_is_already_running()
    {
        // A checkout of its own (the script and nothing else), so its private cluster is this test's alone.
        // As root the cluster belongs to the postgres user, who must reach it: then it lives, and goes, with the checkout.
        var checkout = Directory.CreateTempSubdirectory("letters-dev-");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(checkout.FullName, (UnixFileMode)0b111_101_101);
        }
        File.Copy(Repository.PathTo("dev.sh"), Path.Combine(checkout.FullName, "dev.sh"));
        var first = AppProcess.FreePort();
        try
        {
            var started = await DevAsync(checkout.FullName, first, "psql", "-tAc", "SHOW port");
            Assert.True(started.Code == 0, started.Output);
            Assert.Equal(first.ToString(System.Globalization.CultureInfo.InvariantCulture), started.Output.Trim().Split('\n')[^1].Trim());

            // The cluster is running on the first port; a verb asked for another finds it rather than failing on postmaster.pid.
            var again = await DevAsync(checkout.FullName, AppProcess.FreePort(), "psql", "-tAc", "SHOW port");

            Assert.True(again.Code == 0, again.Output);
            Assert.Contains("already running on port", again.Output, StringComparison.Ordinal);
            Assert.Equal(first.ToString(System.Globalization.CultureInfo.InvariantCulture), again.Output.Trim().Split('\n')[^1].Trim());
        }
        finally
        {
            await DevAsync(checkout.FullName, first, "stop");
            checkout.Delete(recursive: true);
        }
    }

    private static async Task<(int Code, string Output)> DevAsync(string checkout, int port, params string[] arguments)
    {
        var info = new ProcessStartInfo("bash", [Path.Combine(checkout, "dev.sh"), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = checkout,
        };
        info.Environment["LETTERS_PG_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment.Remove("ConnectionStrings__Letters");
        info.Environment.Remove("LETTERS_PG_BIN");
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var errors = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await errors + await output);
    }
}
