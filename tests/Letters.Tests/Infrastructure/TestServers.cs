using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Letters.Tests.Infrastructure;

/// <summary>
/// A real server from <c>tests/servers</c> (npm, installed by <c>./dev.sh test</c>), started on loopback on ports of
/// its own and stopped with its process tree. Ready when it answers, however long a loaded machine takes.
/// </summary>
public sealed class NodeServer : IAsyncDisposable
{
    private readonly Process process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> output = new();

    private NodeServer(Process process) => this.process = process;

    public string Output => string.Join('\n', output);

    public static async Task<NodeServer> StartAsync(string program, IEnumerable<string> arguments, Uri readiness, CancellationToken ct)
    {
        var bin = Repository.PathTo("tests", "servers", "node_modules", ".bin", program);
        if (!File.Exists(bin))
        {
            throw new InvalidOperationException($"{bin} is missing: run ./dev.sh test (it runs npm ci in tests/servers).");
        }

        var info = new ProcessStartInfo(bin, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        var server = new NodeServer(Process.Start(info)!);
        server.process.OutputDataReceived += (_, line) => server.Keep(line.Data);
        server.process.ErrorDataReceived += (_, line) => server.Keep(line.Data);
        server.process.BeginOutputReadLine();
        server.process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            if (server.process.HasExited)
            {
                throw new InvalidOperationException($"{program} exited with {server.process.ExitCode}:\n{server.Output}");
            }

            try
            {
                using var answer = await http.GetAsync(readiness, ct);
                if ((int)answer.StatusCode < 500)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // Slow to answer on a loaded machine: ask again.
            }

            if (DateTime.UtcNow > deadline)
            {
                await server.DisposeAsync();
                throw new TimeoutException($"{program} did not answer {readiness} within two minutes:\n{server.Output}");
            }

            await Task.Delay(100, ct);
        }
    }

    private void Keep(string? line)
    {
        if (line is not null && output.Count < 500)
        {
            output.Enqueue(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}

/// <summary>
/// An SMTP server (npm <c>maildev</c>) that keeps what it receives and shows it over a REST API, so a test reads the
/// app's e-mail as the recipient's mail program would: its parts, its headers, its links.
/// </summary>
public sealed class MailDev : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly NodeServer server;
    private readonly HttpClient http;

    private MailDev(NodeServer server, int smtpPort, Uri web)
    {
        this.server = server;
        SmtpPort = smtpPort;
        http = new HttpClient { BaseAddress = web };
    }

    public int SmtpPort { get; }

    /// <summary>The login the server asks of its senders, so the app's SMTP authentication is exercised too.</summary>
    public const string User = "letters";
    public const string Password = "smtp-secret-1";

    public sealed record Mailbox(string Address, string Name);

    public sealed record Message(string Id, string Subject, string? Text, string? Html, IReadOnlyList<Mailbox> To, IReadOnlyList<Mailbox> From,
        [property: JsonPropertyName("headers")] IReadOnlyDictionary<string, JsonElement> Headers);

    public static async Task<MailDev> StartAsync(CancellationToken ct)
    {
        var smtp = AppProcess.FreePort();
        var web = AppProcess.FreePort();
        var directory = Directory.CreateTempSubdirectory("letters-maildev-").FullName;
        var server = await NodeServer.StartAsync("maildev",
            ["--ip", "127.0.0.1", "--smtp", $"{smtp}", "--web", $"{web}", "--web-ip", "127.0.0.1", "--mail-directory", directory, "--incoming-user", User, "--incoming-pass", Password, "--silent"],
            new Uri($"http://127.0.0.1:{web}/email"), ct);
        return new MailDev(server, smtp, new Uri($"http://127.0.0.1:{web}"));
    }

    /// <summary>Every message maildev holds for <paramref name="recipient"/>, oldest first.</summary>
    public async Task<IReadOnlyList<Message>> ToAsync(string recipient, CancellationToken ct)
    {
        var all = await http.GetFromJsonAsync<List<Message>>(new Uri("/email", UriKind.Relative), Json, ct) ?? [];
        return all.Where(m => m.To.Any(t => string.Equals(t.Address, recipient, StringComparison.OrdinalIgnoreCase))).ToList();
    }

    /// <summary>The raw message as it arrived (headers, MIME parts).</summary>
    public async Task<string> SourceAsync(string id, CancellationToken ct) =>
        await http.GetStringAsync(new Uri($"/email/{id}/source", UriKind.Relative), ct);

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await server.DisposeAsync();
    }
}
