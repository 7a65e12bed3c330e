using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Letters.Data;
using Letters.Domain;
using Letters.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Letters.Benchmarks;

/// <summary>
/// Documents off one machine, against a local S3 API (npm s3rver from tests/servers) and database letters_documents:
///   ./dev.sh bench-documents [--rounds 200] [--documents 10000] [--letters 30] [--only seam|move|pictures]
/// 1. The seam: a 200 KB PDF put and read back through <see cref="Documents"/>, PostgreSQL and S3 alternated in one
///    run, p50/p95 of each and their ratio (goal: S3 ≤ 2× PostgreSQL).
/// 2. The move: --documents documents (4–40 KB) moved to S3 by the app's own command in its own process, killed when
///    about 40 % are across, run again to the end; then every one read back and checked (goal: none lost).
/// 3. Pictures made ahead: --letters test letters drawn by the app (S3 store, picture worker on); once each letter's
///    pictures are made, the first request for its proof picture, p50/p95 (goal p95 ≤ 300 ms); beside it the same with
///    the worker off, where the first request draws the picture.
/// </summary>
public static class DocumentLoad
{
    private const string Url = "http://127.0.0.1:5197";

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = Harness.Int(args, "--rounds", 200);
        var count = Harness.Int(args, "--documents", 10_000);
        var letters = Harness.Int(args, "--letters", 30);
        var only = Harness.Option(args, "--only", "all");
        var app = Harness.Option(args, "--app", Path.Combine("src", "Letters", "bin", "Release", "net10.0", "Letters.dll"));
        var (database, options, key) = await Harness.FreshDatabaseAsync("letters_documents", "Document load", "documents@load.test");
        await using var s3 = await S3rver.StartAsync();

        await using var postgres = Store(database, DocumentStoreKind.Postgres, s3.Url);
        await using var objects = Store(database, DocumentStoreKind.S3, s3.Url);
        if (only is "all" or "seam")
        {
            // 1. The seam, side by side.
            var pg = new List<double>();
            var s3Times = new List<double>();
            for (var i = 0; i < rounds; i++)
            {
                foreach (var (store, times) in i % 2 == 0 ? [(postgres, pg), (objects, s3Times)] : new[] { (objects, s3Times), (postgres, pg) })
                {
                    var pdf = RandomNumberGenerator.GetBytes(200 * 1024);
                    var started = Stopwatch.GetTimestamp();
                    var documents = store.GetRequiredService<Documents>();
                    var sha256 = await documents.PutAsync(pdf, "application/pdf", CancellationToken.None);
                    var back = await documents.ReadAsync(sha256, CancellationToken.None);
                    times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    if (!back.AsSpan().SequenceEqual(pdf))
                    {
                        throw new InvalidOperationException("A document read back with other bytes.");
                    }
                }
            }

            var (pg50, pg95) = Stats(pg);
            var (s350, s395) = Stats(s3Times);
            Console.WriteLine($"200 KB PDF put + read through the seam, {rounds} rounds alternated:");
            Console.WriteLine($"  postgres  p50 {pg50,6:F1} ms  p95 {pg95,6:F1} ms");
            Console.WriteLine($"  s3        p50 {s350,6:F1} ms  p95 {s395,6:F1} ms   (s3rver on loopback)");
            Console.WriteLine($"  ratio s3/postgres  p50 {s350 / pg50:F2}  p95 {s395 / pg95:F2}   (goal ≤ 2)");

        }

        if (only is "all" or "move")
        {
            // 2. The move, with a kill in the middle.
            var sizes = new Dictionary<string, int>();
            await using (var connection = new NpgsqlConnection(database))
            {
                await connection.OpenAsync();
                await using var import = await connection.BeginBinaryImportAsync("COPY documents (sha256, content_type, size_bytes, store, content, created_at) FROM STDIN (FORMAT BINARY)");
                for (var i = 0; i < count; i++)
                {
                    var content = RandomNumberGenerator.GetBytes(4096 + (i * 7919 % 36864));
                    var sha256 = Documents.HashOf(content);
                    sizes[sha256] = content.Length;
                    await import.StartRowAsync();
                    await import.WriteAsync(sha256, NpgsqlDbType.Char);
                    await import.WriteAsync("application/pdf", NpgsqlDbType.Varchar);
                    await import.WriteAsync((long)content.Length, NpgsqlDbType.Bigint);
                    await import.WriteAsync("postgres", NpgsqlDbType.Varchar);
                    await import.WriteAsync(content, NpgsqlDbType.Bytea);
                    await import.WriteAsync(DateTimeOffset.UtcNow, NpgsqlDbType.TimestampTz);
                }

                await import.CompleteAsync();
            }

            var settings = s3.Settings();
            var move = Stopwatch.StartNew();
            using (var first = Command(app, database, settings))
            {
                while (await CountAsync(options, DocumentStoreKind.S3) < count * 2 / 5 && !first.HasExited)
                {
                    await Task.Delay(50);
                }

                Harness.Stop(first);
            }

            var atKill = await CountAsync(options, DocumentStoreKind.S3);
            using (var again = Command(app, database, settings))
            {
                await again.WaitForExitAsync();
                if (again.ExitCode != 0)
                {
                    throw new InvalidOperationException($"The move ended with {again.ExitCode}.");
                }
            }

            move.Stop();
            var lost = 0;
            var documentsThere = objects.GetRequiredService<Documents>();
            foreach (var (sha256, size) in sizes)
            {
                var bytes = await documentsThere.ReadAsync(sha256, CancellationToken.None);
                lost += bytes.Length == size ? 0 : 1;
            }

            var stillInPostgres = await CountAsync(options, DocumentStoreKind.Postgres);
            Console.WriteLine($"Move of {count:N0} documents ({sizes.Values.Sum(s => (long)s) / 1024 / 1024:N0} MB) to S3: killed at {atKill:N0}, run again; " +
                $"{move.Elapsed.TotalSeconds:F1} s in all ({count / move.Elapsed.TotalSeconds:N0} documents/s); {stillInPostgres} left behind, {lost} lost (every one read back and its hash checked).");
        }

        // 3. Pictures made ahead against drawn in the request.
        foreach (var ahead in only is "all" or "pictures" ? new[] { true, false } : [])
        {
            var times = await FirstPicturesAsync(app, database, options, key, s3.Settings(), letters, ahead);
            var (p50, p95) = Stats(times);
            Console.WriteLine($"First proof picture (medium), {letters} letters, pictures {(ahead ? "made ahead by the worker" : "drawn in the request")}: p50 {p50:F0} ms  p95 {p95:F0} ms{(ahead ? "   (goal p95 ≤ 300 ms)" : "")}");
        }

        return 0;
    }

    private static async Task<List<double>> FirstPicturesAsync(string app, string database, DbContextOptions<LettersDbContext> options, string key, Dictionary<string, string> settings, int letters, bool ahead)
    {
        var environment = new Dictionary<string, string>(settings) { ["Letters__Workers__Pictures__Enabled"] = ahead ? "true" : "false" };
        using var process = Harness.StartApp(app, Url, database, "Staging", environment);
        try
        {
            await Harness.WaitReadyAsync(Url);
            using var http = new HttpClient { BaseAddress = new Uri(Url) };
            http.DefaultRequestHeaders.Authorization = new("Bearer", key);
            using var created = await http.PostAsJsonAsync("/v1/recipients", new { name = "Claire Martin", address_line1 = "12 Rue Cler", city = "Paris", postal_code = "75007", country = "FR" });
            var recipient = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
            var ids = new List<string>();
            for (var i = 0; i < letters; i++)
            {
                using var order = await http.PostAsJsonAsync("/v1/orders", new Dictionary<string, object?>
                {
                    ["recipient_id"] = recipient, ["occasion"] = "birthday", ["relationship"] = "wife", ["brief"] = $"Letter {i}: the summer in Lisbon.",
                    ["tone"] = "romantic", ["length"] = "short", ["style"] = "caveat", ["signature"] = "Henri", ["auto_draft"] = true,
                    ["deliver_by"] = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                });
                if (!order.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"The order was refused: {await order.Content.ReadAsStringAsync()}");
                }

                ids.Add(JsonDocument.Parse(await order.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!);
            }

            // Each letter drawn (and, with the worker, its pictures made), as a client would find it a while later.
            var deadline = DateTime.UtcNow.AddMinutes(10);
            await using var db = new LettersDbContext(options);
            var guids = ids.Select(Guid.Parse).ToList();
            while (await db.Orders.CountAsync(o => guids.Contains(o.Id) && o.Status == OrderStatus.Approved) < letters
                   || (ahead && await db.PictureJobs.AnyAsync()))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("The letters were not drawn within ten minutes.");
                }

                await Task.Delay(200);
            }

            var times = new List<double>();
            foreach (var id in ids)
            {
                var started = Stopwatch.GetTimestamp();
                using var picture = await http.GetAsync($"/v1/orders/{id}/proof.png?size=medium");
                await picture.Content.ReadAsByteArrayAsync();
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (picture.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"proof.png answered {(int)picture.StatusCode}.");
                }
            }

            return times;
        }
        finally
        {
            Harness.Stop(process);
        }
    }

    private static Process Command(string app, string database, Dictionary<string, string> settings)
    {
        var info = new ProcessStartInfo("dotnet", [app, "documents", "move", "--to", "s3"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["ConnectionStrings__Letters"] = database;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in settings)
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, line) => Console.Error.WriteLine(line.Data);
        process.ErrorDataReceived += (_, line) => Console.Error.WriteLine(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<int> CountAsync(DbContextOptions<LettersDbContext> options, DocumentStoreKind store)
    {
        await using var db = new LettersDbContext(options);
        return await db.Documents.CountAsync(d => d.Store == store);
    }

    private static ServiceProvider Store(string database, DocumentStoreKind kind, string s3)
    {
        var services = new ServiceCollection();
        services.AddDbContext<LettersDbContext>(o => LettersDbContext.Configure(o, database));
        services.AddSingleton(Options.Create(new StorageOptions
        {
            Kind = kind,
            S3 = new S3StorageOptions { ServiceUrl = s3, Bucket = S3rver.Bucket, AccessKey = "S3RVER", SecretKey = "S3RVER" },
        }));
        services.AddSingleton<ObjectStore>();
        services.AddSingleton<Documents>();
        return services.BuildServiceProvider();
    }

    private static (double P50, double P95) Stats(List<double> times)
    {
        var sorted = times.Order().ToArray();
        return (Harness.Percentile(sorted, 0.50), Harness.Percentile(sorted, 0.95));
    }

    /// <summary>npm s3rver from tests/servers on a loopback port, in a folder of its own.</summary>
    private sealed class S3rver : IAsyncDisposable
    {
        public const string Bucket = "letters";

        private readonly Process process;
        private readonly string directory;

        private S3rver(Process process, string directory, int port)
        {
            this.process = process;
            this.directory = directory;
            Url = $"http://127.0.0.1:{port}";
        }

        public string Url { get; }

        public Dictionary<string, string> Settings() => new()
        {
            ["Letters__Storage__Kind"] = "s3", ["Letters__Storage__S3__ServiceUrl"] = Url, ["Letters__Storage__S3__Bucket"] = Bucket,
            ["Letters__Storage__S3__AccessKey"] = "S3RVER", ["Letters__Storage__S3__SecretKey"] = "S3RVER",
        };

        public static async Task<S3rver> StartAsync()
        {
            var bin = Path.GetFullPath(Path.Combine("tests", "servers", "node_modules", ".bin", "s3rver"));
            if (!File.Exists(bin))
            {
                throw new InvalidOperationException($"{bin} is missing: run npm ci in tests/servers (./dev.sh test does).");
            }

            var directory = Directory.CreateTempSubdirectory("letters-bench-s3-").FullName;
            using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            var process = Process.Start(new ProcessStartInfo(bin, ["-d", directory, "-a", "127.0.0.1", "-p", $"{port}", "--configure-bucket", Bucket, "--silent"]))!;
            var server = new S3rver(process, directory, port);
            using var http = new HttpClient();
            for (var i = 0; i < 600; i++)
            {
                try
                {
                    using var answer = await http.GetAsync(new Uri($"{server.Url}/"));
                    return server;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(100);
                }
            }

            throw new TimeoutException("s3rver did not start within a minute.");
        }

        public ValueTask DisposeAsync()
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            process.Dispose();
            Directory.Delete(directory, recursive: true);
            return ValueTask.CompletedTask;
        }
    }
}
