using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Letters.Data;
using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Letters.Infrastructure;

/// <summary><c>Letters:Storage</c>: where new documents' bytes go.</summary>
public sealed class StorageOptions
{
    /// <summary><c>postgres</c> (the default: nothing else to run) or <c>s3</c>.</summary>
    public DocumentStoreKind Kind { get; set; } = DocumentStoreKind.Postgres;

    /// <summary>One store operation's time limit; past it the store counts as unavailable.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public S3StorageOptions S3 { get; set; } = new();

    public sealed class Validation : IValidateOptions<StorageOptions>
    {
        public ValidateOptionsResult Validate(string? name, StorageOptions options)
        {
            if (options.Kind != DocumentStoreKind.S3)
            {
                return ValidateOptionsResult.Success;
            }

            var s3 = options.S3;
            var missing = new[] { ("Bucket", s3.Bucket), ("AccessKey", s3.AccessKey), ("SecretKey", s3.SecretKey) }.Where(x => string.IsNullOrWhiteSpace(x.Item2)).Select(x => $"Letters__Storage__S3__{x.Item1}").ToList();
            if (string.IsNullOrWhiteSpace(s3.ServiceUrl) && string.IsNullOrWhiteSpace(s3.Region))
            {
                missing.Add("Letters__Storage__S3__ServiceUrl (or __Region for AWS)");
            }

            return missing.Count == 0
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"Letters:Storage:Kind is s3 but these are not set: {string.Join(", ", missing)}.");
        }
    }
}

public sealed class S3StorageOptions
{
    /// <summary>The S3 API's address (MinIO, R2, a local server); unset for AWS, which goes by <see cref="Region"/>.</summary>
    public string? ServiceUrl { get; set; }

    public string? Region { get; set; } = "us-east-1";
    public string? Bucket { get; set; }
    public string? AccessKey { get; set; }
    public string? SecretKey { get; set; }

    /// <summary>bucket in the path (MinIO, most S3-compatible servers) rather than in the host name.</summary>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>Keys are <c>{Prefix}{first two hex digits}/{sha256}</c>.</summary>
    public string Prefix { get; set; } = "documents/";

    /// <summary>Downloads redirect to a presigned GET (the bytes then never pass through the app).</summary>
    public bool PresignDownloads { get; set; }

    public TimeSpan PresignLifetime { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>The document store did not answer in time or answered with an error: the request may be tried again.</summary>
public sealed class DocumentStoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The one door to the service's files. <see cref="PutAsync"/> keeps bytes under their SHA-256 in the configured store
/// and records them in <c>documents</c> (its own statement, never inside the caller's transaction: a document nothing
/// names yet is harmless, and the same bytes put again are the same document); <see cref="ReadAsync"/> reads them from
/// wherever their row says they are and checks the hash of what came back.
/// </summary>
public sealed class Documents(IServiceScopeFactory scopes, IOptions<StorageOptions> options, ObjectStore objects)
{
    public DocumentStoreKind Kind => options.Value.Kind;

    public static string HashOf(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Keeps <paramref name="content"/> and answers its SHA-256, the name everything else knows it by.</summary>
    public async Task<string> PutAsync(byte[] content, string contentType, CancellationToken ct)
    {
        OutsideTransactions.Ensure("storing a document");
        var sha256 = HashOf(content);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LettersDbContext>();
        if (await db.Documents.AnyAsync(d => d.Sha256 == sha256, ct))
        {
            return sha256;
        }

        var kind = options.Value.Kind;
        if (kind == DocumentStoreKind.S3)
        {
            await objects.PutAsync(sha256, content, contentType, ct);
        }

        db.Documents.Add(new Document
        {
            Sha256 = sha256, ContentType = contentType, SizeBytes = content.Length, Store = kind,
            Content = kind == DocumentStoreKind.Postgres ? content : null, CreatedAt = DateTimeOffset.UtcNow.TruncateToMicroseconds(),
        });
        try
        {
            var started = Stopwatch.GetTimestamp();
            await db.SaveChangesAsync(ct);
            if (kind == DocumentStoreKind.Postgres)
            {
                Measure("put", kind, started);
            }
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same bytes put at the same moment by another request: one document.
        }

        return sha256;
    }

    /// <summary>The bytes of the document named <paramref name="sha256"/>, checked against their name.</summary>
    public async Task<byte[]> ReadAsync(string sha256, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LettersDbContext>();
        var started = Stopwatch.GetTimestamp();
        var row = await db.Documents.AsNoTracking().Where(d => d.Sha256 == sha256).Select(d => new { d.Store, d.Content }).SingleOrDefaultAsync(ct)
            ?? throw new InvalidOperationException($"No document {sha256}.");
        var content = row.Store == DocumentStoreKind.Postgres ? row.Content! : await objects.GetAsync(sha256, ct);
        if (row.Store == DocumentStoreKind.Postgres)
        {
            Measure("get", row.Store, started);
        }

        return HashOf(content) == sha256 ? content : throw new DocumentStoreUnavailableException($"Document {sha256} read back with other bytes.");
    }

    /// <summary>
    /// The bytes of many documents at once (a print file's batch of letters): one query for their rows, the objects
    /// in the bucket fetched a few at a time, each checked against its name.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, byte[]>> ReadManyAsync(IReadOnlyCollection<string> hashes, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LettersDbContext>();
        var started = Stopwatch.GetTimestamp();
        var rows = await db.Documents.AsNoTracking().Where(d => hashes.Contains(d.Sha256)).Select(d => new { d.Sha256, d.Store, d.Content }).ToListAsync(ct);
        if (rows.Count != hashes.Distinct().Count())
        {
            throw new InvalidOperationException($"No document {hashes.Except(rows.Select(r => r.Sha256)).First()}.");
        }

        if (rows.Any(r => r.Store == DocumentStoreKind.Postgres))
        {
            Measure("get", DocumentStoreKind.Postgres, started);
        }

        var read = new System.Collections.Concurrent.ConcurrentDictionary<string, byte[]>();
        await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (row, token) =>
        {
            var content = row.Store == DocumentStoreKind.Postgres ? row.Content! : await objects.GetAsync(row.Sha256, token);
            read[row.Sha256] = HashOf(content) == row.Sha256 ? content : throw new DocumentStoreUnavailableException($"Document {row.Sha256} read back with other bytes.");
        });
        return read;
    }

    /// <summary>
    /// A short-lived presigned address to download the document from object storage, when the settings ask for it and
    /// it lives there; otherwise null, and the app sends the bytes itself.
    /// </summary>
    public async Task<Uri?> DownloadAddressAsync(string sha256, string fileName, CancellationToken ct)
    {
        if (!options.Value.S3.PresignDownloads)
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LettersDbContext>();
        var row = await db.Documents.AsNoTracking().Where(d => d.Sha256 == sha256).Select(d => new { d.Store, d.ContentType }).SingleAsync(ct);
        return row.Store == DocumentStoreKind.S3 ? await objects.PresignAsync(sha256, fileName, row.ContentType) : null;
    }

    internal static void Measure(string operation, DocumentStoreKind store, long started) =>
        LettersMetrics.DocumentStoreDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
            new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("store", WireNames.Of(store)));
}

/// <summary>
/// S3-compatible object storage through AWSSDK.S3: one object per document, keyed by its hash. Every failure to reach
/// it, an error it answers or a time limit passed, is a <see cref="DocumentStoreUnavailableException"/>.
/// </summary>
public sealed class ObjectStore(IOptions<StorageOptions> options) : IDisposable
{
    private readonly Lazy<AmazonS3Client> client = new(() => Client(options.Value.S3));

    private static AmazonS3Client Client(S3StorageOptions s3)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = s3.ForcePathStyle,
            // Checksums only where S3 requires them: S3-compatible servers do not all read the trailing checksums the
            // SDK would otherwise send in chunked framing.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            MaxErrorRetry = 2,
        };
        if (!string.IsNullOrWhiteSpace(s3.ServiceUrl))
        {
            config.ServiceURL = s3.ServiceUrl;
            config.AuthenticationRegion = s3.Region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(s3.Region);
        }

        return new AmazonS3Client(new BasicAWSCredentials(s3.AccessKey, s3.SecretKey), config);
    }

    public string KeyOf(string sha256) => $"{options.Value.S3.Prefix}{sha256[..2]}/{sha256}";

    public async Task PutAsync(string sha256, byte[] content, string contentType, CancellationToken ct)
    {
        OutsideTransactions.Ensure("storing a document");
        using var stream = new MemoryStream(content, writable: false);
        await CallAsync("put", async limit => await client.Value.PutObjectAsync(new PutObjectRequest
        {
            BucketName = options.Value.S3.Bucket, Key = KeyOf(sha256), InputStream = stream, ContentType = contentType,
            // Whole-body signing, no aws-chunked framing: some S3-compatible servers would keep the framing as the object.
            UseChunkEncoding = false,
            Headers = { ContentLength = content.Length },
        }, limit), ct);
    }

    public async Task<byte[]> GetAsync(string sha256, CancellationToken ct) =>
        await CallAsync("get", async limit =>
        {
            using var response = await client.Value.GetObjectAsync(options.Value.S3.Bucket, KeyOf(sha256), limit);
            using var bytes = new MemoryStream(response.ContentLength > 0 ? (int)response.ContentLength : 0);
            await response.ResponseStream.CopyToAsync(bytes, limit);
            return bytes.ToArray();
        }, ct);

    public async Task DeleteAsync(string sha256, CancellationToken ct) =>
        await CallAsync("delete", async limit => await client.Value.DeleteObjectAsync(options.Value.S3.Bucket, KeyOf(sha256), limit), ct);

    public async Task<Uri> PresignAsync(string sha256, string fileName, string contentType)
    {
        var s3 = options.Value.S3;
        var address = await client.Value.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = s3.Bucket, Key = KeyOf(sha256), Verb = HttpVerb.GET, Expires = DateTime.UtcNow.Add(s3.PresignLifetime),
            Protocol = s3.ServiceUrl?.StartsWith("http://", StringComparison.OrdinalIgnoreCase) == true ? Protocol.HTTP : Protocol.HTTPS,
            ResponseHeaderOverrides = { ContentType = contentType, ContentDisposition = $"attachment; filename=\"{fileName}\"" },
        });
        return new Uri(address);
    }

    private async Task<T> CallAsync<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(options.Value.Timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await call(limit.Token);
            Documents.Measure(operation, DocumentStoreKind.S3, started);
            return result;
        }
        catch (Exception e) when (e is AmazonServiceException or HttpRequestException or IOException
                                  || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            var status = (e as AmazonServiceException)?.StatusCode;
            throw new DocumentStoreUnavailableException(
                $"The document store did not {operation} {(status is { } s and not 0 ? $"({(int)s} {s})" : "in time")}: {e.Message}", e);
        }
    }

    public void Dispose()
    {
        if (client.IsValueCreated)
        {
            client.Value.Dispose();
        }
    }

    /// <summary>True when the failure is the object not being there, not the store being down.</summary>
    public static bool IsMissing(DocumentStoreUnavailableException e) => e.InnerException is AmazonS3Exception { StatusCode: HttpStatusCode.NotFound };
}

/// <summary>
/// Moves documents' bytes between PostgreSQL and object storage (<c>documents move --to s3|postgres</c>): each one read,
/// written to the other store, read back and checked against its hash, and only then its row switched over, one at a
/// time; so a move killed at any moment loses nothing, and run again goes on from the documents still to move.
/// </summary>
public sealed partial class DocumentMover(IServiceScopeFactory scopes, ObjectStore objects, ILogger<DocumentMover> logger)
{
    public sealed record Moved(int Documents, long Bytes);

    public async Task<Moved> MoveAsync(DocumentStoreKind to, int parallelism, CancellationToken ct)
    {
        var from = to == DocumentStoreKind.S3 ? DocumentStoreKind.Postgres : DocumentStoreKind.S3;
        var (count, bytes) = (0, 0L);
        var store = WireNames.Of(to);
        while (true)
        {
            List<string> batch;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<LettersDbContext>();
                // The next of those still where they were: a move run again goes on from there.
                batch = await db.Documents.AsNoTracking().Where(d => d.Store == from)
                    .OrderBy(d => d.Sha256).Select(d => d.Sha256).Take(200).ToListAsync(ct);
            }

            if (batch.Count == 0)
            {
                break;
            }

            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = ct }, async (sha256, token) =>
            {
                var size = await WithRetriesAsync(() => MoveOneAsync(sha256, from, to, token), token);
                Interlocked.Increment(ref count);
                Interlocked.Add(ref bytes, size);
            });
            LogProgress(logger, count, store);
        }

        return new Moved(count, bytes);
    }

    /// <summary>A store that is slow or down for a moment is tried again (1, 2, 4 s apart) before the move stops.</summary>
    private static async Task<long> WithRetriesAsync(Func<Task<long>> move, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await move();
            }
            catch (DocumentStoreUnavailableException) when (attempt < 4)
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Pow(2, attempt - 1)), ct);
            }
        }
    }

    private async Task<long> MoveOneAsync(string sha256, DocumentStoreKind from, DocumentStoreKind to, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LettersDbContext>();
        var row = await db.Documents.AsNoTracking().SingleAsync(d => d.Sha256 == sha256, ct);
        if (row.Store != from)
        {
            return 0;
        }

        var content = from == DocumentStoreKind.Postgres ? row.Content! : await objects.GetAsync(sha256, ct);
        if (Documents.HashOf(content) != sha256)
        {
            throw new InvalidOperationException($"Document {sha256} does not match its hash where it is now; it is left there.");
        }

        if (to == DocumentStoreKind.S3)
        {
            await objects.PutAsync(sha256, content, row.ContentType, ct);
            if (Documents.HashOf(await objects.GetAsync(sha256, ct)) != sha256)
            {
                throw new InvalidOperationException($"Document {sha256} read back from object storage with other bytes; it stays in PostgreSQL.");
            }

            await db.Documents.Where(d => d.Sha256 == sha256 && d.Store == from)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.Store, to).SetProperty(d => d.Content, (byte[]?)null), ct);
        }
        else
        {
            await db.Documents.Where(d => d.Sha256 == sha256 && d.Store == from)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.Store, to).SetProperty(d => d.Content, content), ct);

            // Only once the row names PostgreSQL; a delete that fails leaves an object nothing reads.
            await objects.DeleteAsync(sha256, ct);
        }

        return content.Length;
    }

    /// <summary>
    /// <c>documents move --to s3|postgres [--parallelism N]</c>: true when the arguments were this command (it has run),
    /// false for an ordinary start.
    /// </summary>
    public static async Task<bool> RunCommandAsync(WebApplication app, string[] args)
    {
        if (args is not ["documents", "move", "--to", var target, ..])
        {
            return false;
        }

        if (!Enum.TryParse<DocumentStoreKind>(target, ignoreCase: true, out var to))
        {
            throw new ArgumentException($"documents move --to takes s3 or postgres, not '{target}'.");
        }

        var parallelism = args is [.., "--parallelism", var n] && int.TryParse(n, out var p) ? p : 8;
        var mover = app.Services.GetRequiredService<DocumentMover>();
        var moved = await mover.MoveAsync(to, parallelism, CancellationToken.None);
        Console.WriteLine($"Moved {moved.Documents:N0} documents ({moved.Bytes:N0} bytes) to {WireNames.Of(to)}.");
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} documents moved to {Store} so far")]
    private static partial void LogProgress(ILogger logger, int count, string store);
}
