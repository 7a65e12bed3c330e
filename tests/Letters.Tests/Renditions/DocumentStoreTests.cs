using System.Net;
using System.Security.Cryptography;
using Letters.Domain;
using Letters.Features.Renditions;
using Letters.Infrastructure;
using Letters.Tests.Infrastructure;
using Letters.Tests.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace Letters.Tests.Renditions;

/// <summary>A real S3 API (s3rver) on loopback for the class; each test has its own database and app on it.</summary>
public sealed class S3Fixture : IAsyncLifetime
{
    public S3Server S3 { get; private set; } = null!;

    public async ValueTask InitializeAsync() => S3 = await S3Server.StartAsync(CancellationToken.None);

    public async Task<LettersApp> AppAsync(bool presign = false) =>
        new(TestDatabases.ConnectionStringFor(await TestDatabases.CreateAsync()), new TestClock(), settings: S3.Settings(presign));

    public async ValueTask DisposeAsync() => await S3.DisposeAsync();
}

/// <summary>
/// Documents in S3-compatible storage: every PDF, picture, campaign file and book kept under its hash in the bucket,
/// PostgreSQL keeping only what it is; downloads served or redirected to a presigned address; an outage answered
/// with 503 and nothing lost; and a move between the stores that survives a kill.
/// </summary>
public sealed class DocumentStoreTests(S3Fixture fixture) : IClassFixture<S3Fixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_letter_its_pictures_and_its_proof_live_in_the_bucket_under_their_hash_byte_for_byte()
    {
        await using var app = await fixture.AppAsync();
        var client = await ApiClients.CreateAsync(app);
        var order = await client.OrderAutoDraftedAsync(app);
        await app.RunAutopilotAsync();
        while (await app.Services.GetRequiredService<PictureMaker>().PassAsync(Ct))
        {
        }

        await using var db = app.NewDbContext();
        var documents = await db.Documents.AsNoTracking().ToListAsync(Ct);
        Assert.All(documents, d => Assert.Equal((DocumentStoreKind.S3, (byte[]?)null), (d.Store, d.Content)));
        var final = await db.Renditions.AsNoTracking().SingleAsync(r => r.OrderId == order && r.Kind == RenditionKind.Final, Ct);
        var pictures = await db.Thumbnails.AsNoTracking().Where(t => t.RenditionId == final.Id).ToListAsync(Ct);
        Assert.Equal(final.PageCount * 3, pictures.Count);

        // What the API serves is what the bucket holds, as any S3 client reads it: no chunk framing kept in the object.
        using var pdf = await client.Http.GetAsync(new Uri($"/v1/orders/{order}/letter.pdf", UriKind.Relative), Ct);
        var bytes = await pdf.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal(final.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Equal(bytes, await fixture.S3.ObjectAsync($"documents/{final.Sha256[..2]}/{final.Sha256}", Ct));
        Assert.Equal((long)bytes.Length, documents.Single(d => d.Sha256 == final.Sha256).SizeBytes);

        // The first picture asked for was made ahead: served from the bucket, a PNG.
        using var picture = await client.Http.GetAsync(new Uri($"/v1/orders/{order}/letter.png?size=small", UriKind.Relative), Ct);
        var png = await picture.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, picture.StatusCode);
        Assert.Equal(pictures.Single(p => p.Page == 1 && p.Width == 300).Sha256, Convert.ToHexStringLower(SHA256.HashData(png)));
        app.ClearPools();
    }

    [Fact]
    public async Task Downloads_can_go_by_a_short_lived_presigned_address_straight_to_the_bucket()
    {
        await using var app = await fixture.AppAsync(presign: true);
        var client = await ApiClients.CreateAsync(app);
        var order = await client.OrderAutoDraftedAsync(app);
        await app.RunAutopilotAsync();

        var http = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        http.DefaultRequestHeaders.Authorization = client.Http.DefaultRequestHeaders.Authorization;
        using var answer = await http.GetAsync(new Uri($"/v1/orders/{order}/letter.pdf", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        var address = answer.Headers.Location!;
        Assert.StartsWith(fixture.S3.Url, address.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains("X-Amz-Signature=", address.Query, StringComparison.Ordinal);
        Assert.Contains("X-Amz-Expires=300", address.Query, StringComparison.Ordinal);

        using var plain = new HttpClient();
        using var fetched = await plain.GetAsync(address, Ct);
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        await using var db = app.NewDbContext();
        var final = await db.Renditions.AsNoTracking().SingleAsync(r => r.OrderId == order && r.Kind == RenditionKind.Final, Ct);
        Assert.Equal(final.Sha256, Convert.ToHexStringLower(SHA256.HashData(await fetched.Content.ReadAsByteArrayAsync(Ct))));
        Assert.Contains($"letter-{order}.pdf", fetched.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        app.ClearPools();
    }

    [Fact]
    public async Task While_the_store_is_down_the_API_answers_503_nothing_is_lost_and_the_work_resumes_when_it_is_back()
    {
        await using var app = await fixture.AppAsync();
        var client = await ApiClients.CreateAsync(app);
        var before = await client.OrderAutoDraftedAsync(app);
        await app.RunAutopilotAsync();

        await fixture.S3.DownAsync();
        try
        {
            using var download = await client.Http.GetAsync(new Uri($"/v1/orders/{before}/letter.pdf", UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, download.StatusCode);
            Assert.Equal("application/problem+json", download.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(download.Headers.RetryAfter);

            // A letter drawn meanwhile cannot be kept: it waits, unchanged, for its next turn.
            var during = await client.OrderAutoDraftedAsync(app);
            await Assert.ThrowsAsync<DocumentStoreUnavailableException>(() => app.RunAutopilotAsync());
            using var waiting = await client.Http.GetAsync(new Uri($"/v1/orders/{during}", UriKind.Relative), Ct);
            Assert.Equal("queued", (await waiting.JsonAsync()).GetProperty("status").GetString());
        }
        finally
        {
            await fixture.S3.UpAsync(Ct);
        }

        app.Clock.Advance(TimeSpan.FromMinutes(10));
        await app.RunAutopilotAsync();
        using var now = await client.Http.GetAsync(new Uri($"/v1/orders/{before}/letter.pdf", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, now.StatusCode);
        await using var db = app.NewDbContext();
        Assert.Equal(0, await db.Orders.CountAsync(o => o.Status == OrderStatus.Queued, Ct));
        Assert.Equal(4, await db.Renditions.CountAsync(Ct));
        app.ClearPools();
    }

    /// <summary>400 documents moved by the command in its own process, killed part way, run again; then moved back.</summary>
    [Fact]
    public async Task Documents_move_to_the_bucket_and_back_through_a_kill_and_none_is_lost()
    {
        await using var app = await fixture.AppAsync();
        var contents = Enumerable.Range(0, 400).Select(i => RandomNumberGenerator.GetBytes(2000 + i)).ToList();
        await using (var connection = new NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync(Ct);
            await using var import = await connection.BeginBinaryImportAsync("COPY documents (sha256, content_type, size_bytes, store, content, created_at) FROM STDIN (FORMAT BINARY)", Ct);
            foreach (var content in contents)
            {
                await import.StartRowAsync(Ct);
                await import.WriteAsync(Documents.HashOf(content), NpgsqlDbType.Char, Ct);
                await import.WriteAsync("application/octet-stream", NpgsqlDbType.Varchar, Ct);
                await import.WriteAsync((long)content.Length, NpgsqlDbType.Bigint, Ct);
                await import.WriteAsync("postgres", NpgsqlDbType.Varchar, Ct);
                await import.WriteAsync(content, NpgsqlDbType.Bytea, Ct);
                await import.WriteAsync(DateTimeOffset.UtcNow, NpgsqlDbType.TimestampTz, Ct);
            }

            await import.CompleteAsync(Ct);
        }

        var environment = fixture.S3.Settings().ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
        environment["Letters__Storage__Timeout"] = "00:00:30";
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        string[] move = ["documents", "move", "--to", "s3", "--parallelism", "4"];
        using (var first = AppProcess.Start(app.ConnectionString, "", environment, output.Enqueue, command: move))
        {
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (await MovedAsync(app) < 100)
            {
                Assert.True(DateTime.UtcNow < deadline && !first.HasExited, $"The move got under way ({(first.HasExited ? $"it exited with {first.ExitCode}" : "two minutes passed")}):\n{string.Join('\n', output)}");
                await Task.Delay(20, Ct);
            }

            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync(Ct);
        }

        Assert.InRange(await MovedAsync(app), 100, 399);
        using (var again = AppProcess.Start(app.ConnectionString, "", environment, output.Enqueue, command: move))
        {
            await again.WaitForExitAsync(Ct);
            Assert.True(again.ExitCode == 0, string.Join('\n', output));
        }

        Assert.Equal(400, await MovedAsync(app));
        await using (var db = app.NewDbContext())
        {
            Assert.Equal(0, await db.Documents.CountAsync(d => d.Content != null, Ct));
        }

        foreach (var content in contents)
        {
            Assert.Equal(content, await app.DocumentAsync(Documents.HashOf(content)));
        }

        // A print file's batch: fifty read at once from the bucket, each the bytes it is named by.
        var batch = await app.Services.GetRequiredService<Documents>().ReadManyAsync([.. contents.Take(50).Select(Documents.HashOf)], Ct);
        Assert.All(contents.Take(50), content => Assert.Equal(content, batch[Documents.HashOf(content)]));

        var back = await app.Services.GetRequiredService<DocumentMover>().MoveAsync(DocumentStoreKind.Postgres, 4, Ct);
        Assert.Equal(400, back.Documents);
        Assert.Equal(0, await MovedAsync(app));
        Assert.Equal(contents[7], await app.DocumentAsync(Documents.HashOf(contents[7])));
        var sha256 = Documents.HashOf(contents[7]);
        var gone = await Assert.ThrowsAsync<Amazon.S3.Model.NoSuchKeyException>(() => fixture.S3.ObjectAsync($"documents/{sha256[..2]}/{sha256}", Ct));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        app.ClearPools();
    }

    private static async Task<int> MovedAsync(LettersApp app)
    {
        await using var db = app.NewDbContext();
        return await db.Documents.CountAsync(d => d.Store == DocumentStoreKind.S3, Ct);
    }
}
