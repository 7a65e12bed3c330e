using System.Diagnostics;

namespace Letters.Tests.Infrastructure;

/// <summary>The web app as a process of its own, for tests that kill it: the build `dotnet test` makes as a project reference.</summary>
public static class AppProcess
{
    /// <summary>
    /// Starts the app on <paramref name="url"/> against <paramref name="connectionString"/>, rate limit out of the way,
    /// test autopilot and lease sweeper off, logs down to warnings; <paramref name="settings"/> are more environment variables.
    /// </summary>
    public static Process Start(string connectionString, string url, IReadOnlyDictionary<string, string>? settings = null)
    {
        var info = new ProcessStartInfo("dotnet", [Dll(), "--urls", url]) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["ConnectionStrings__Letters"] = connectionString;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Staging";
        info.Environment["Letters__RateLimit__Limit"] = "100000000";
        info.Environment["Letters__Workers__LeaseSweeper__Enabled"] = "false";
        info.Environment["Letters__Workers__TestAutopilot__Enabled"] = "false";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string Dll()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        return Repository.PathTo("src", "Letters", "bin", configuration, "net10.0", "Letters.dll");
    }
}
