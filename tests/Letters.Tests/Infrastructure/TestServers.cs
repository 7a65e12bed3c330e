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

/// <summary>
/// An S3 API (npm <c>s3rver</c>) on loopback, keeping objects in a folder of its own, with the bucket the app uses.
/// Stopped and started again on the same port and folder, it is a store that went down and came back.
/// </summary>
public sealed class S3Server : IAsyncDisposable
{
    public const string Bucket = "letters";

    /// <summary>s3rver's fixed credentials.</summary>
    public const string AccessKey = "S3RVER", SecretKey = "S3RVER";

    private readonly string directory = Directory.CreateTempSubdirectory("letters-s3-").FullName;
    private NodeServer? server;

    public int Port { get; } = AppProcess.FreePort();

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>The app's settings for documents in this server.</summary>
    public Dictionary<string, string> Settings(bool presign = false) => new()
    {
        ["Letters:Storage:Kind"] = "s3",
        ["Letters:Storage:Timeout"] = "00:00:05",
        ["Letters:Storage:S3:ServiceUrl"] = Url,
        ["Letters:Storage:S3:Bucket"] = Bucket,
        ["Letters:Storage:S3:AccessKey"] = AccessKey,
        ["Letters:Storage:S3:SecretKey"] = SecretKey,
        ["Letters:Storage:S3:PresignDownloads"] = presign ? "true" : "false",
    };

    public static async Task<S3Server> StartAsync(CancellationToken ct)
    {
        var s3 = new S3Server();
        await s3.UpAsync(ct);
        return s3;
    }

    public async Task UpAsync(CancellationToken ct) =>
        server = await NodeServer.StartAsync("s3rver", ["-d", directory, "-a", "127.0.0.1", "-p", $"{Port}", "--configure-bucket", Bucket, "--silent"], new Uri($"{Url}/"), ct);

    public async Task DownAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
            server = null;
        }
    }

    /// <summary>An object's bytes as any S3 client reads them: what a store that kept the SDK's framing would get wrong.</summary>
    public async Task<byte[]> ObjectAsync(string key, CancellationToken ct)
    {
        using var client = new Amazon.S3.AmazonS3Client(new Amazon.Runtime.BasicAWSCredentials(AccessKey, SecretKey),
            new Amazon.S3.AmazonS3Config { ServiceURL = Url, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
        using var response = await client.GetObjectAsync(Bucket, key, ct);
        using var bytes = new MemoryStream();
        await response.ResponseStream.CopyToAsync(bytes, ct);
        return bytes.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await DownAsync();
        Directory.Delete(directory, recursive: true);
    }
}
