using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Letters.Tests.Infrastructure;

/// <summary>The web app as a process of its own, for tests that kill it: the build `dotnet test` makes as a project reference.</summary>
public static class AppProcess
{
    /// <summary>
    /// Starts the app on <paramref name="url"/> against <paramref name="connectionString"/>, rate limit out of the way,
    /// test autopilot, lease sweeper and warm-up off, logs down to warnings; <paramref name="settings"/> are more environment variables.
    /// </summary>
    public static Process Start(string connectionString, string url, IReadOnlyDictionary<string, string>? settings = null, Action<string>? output = null, string[]? command = null)
    {
        var info = new ProcessStartInfo("dotnet", [Dll(), .. command ?? ["--urls", url]]) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["ConnectionStrings__Letters"] = connectionString;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Staging";
        info.Environment["Letters__RateLimit__Limit"] = "100000000";
        info.Environment["Letters__Workers__LeaseSweeper__Enabled"] = "false";
        info.Environment["Letters__Workers__TestAutopilot__Enabled"] = "false";
        info.Environment["Letters__WarmUp__Enabled"] = "false";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is { } text)
            {
                output?.Invoke(text);
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Waits until the app at <paramref name="port"/> answers ready, as a load balancer would before sending it traffic.</summary>
    public static async Task WaitReadyAsync(int port, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, ct);
        }

        throw new TimeoutException("The app did not become ready within two minutes.");
    }

    /// <summary>A loopback port nothing listens on.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Dll()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        return Repository.PathTo("src", "Letters", "bin", configuration, "net10.0", "Letters.dll");
    }
}
