using System.Buffers.Binary;
using System.Net;
using Letters.Features.Orders;
using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Letters.Tests.Orders;

/// <summary>Pictures of letters and previews: PNGs in the three widths, made once and kept.</summary>
public sealed class ThumbnailTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    /// <summary>
    /// The picture worker takes one job per client a pass: a client whose campaign of letters was drawn first does not
    /// keep another client's proof, drawn after, waiting for its pictures.
    /// </summary>
    [Fact]
    public async Task Pictures_are_made_ahead_a_client_at_a_time_so_one_clients_burst_does_not_hold_another_back()
    {
        var busy = await ApiClients.CreateAsync(fixture.App);
        var other = await ApiClients.CreateAsync(fixture.App);
        for (var i = 0; i < 5; i++)
        {
            using var burst = await busy.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => b["auto_draft"] = true));
        }

        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        using var created = await other.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => b["auto_draft"] = true));
        var theirs = (await created.JsonAsync()).GetProperty("id").GetGuid();
        var autopilot = fixture.App.Services.GetRequiredService<TestAutopilot>();
        while (await autopilot.RunOnceAsync(Ct) > 0)
        {
        }

        Assert.True(await fixture.App.Services.GetRequiredService<Letters.Features.Renditions.PictureMaker>().PassAsync(Ct));

        await using var db = fixture.App.NewDbContext();
        var made = await db.Thumbnails.Join(db.Renditions, t => t.RenditionId, r => r.Id, (t, r) => r.OrderId).Distinct().ToListAsync(Ct);
        Assert.Contains(theirs, made);
        Assert.Equal(2, made.Count);
        Assert.Equal(10, await db.PictureJobs.CountAsync(Ct));
    }

    [Fact]
    public async Task A_proof_and_a_final_come_as_pictures_in_three_widths_made_once()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        using var created = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => b["auto_draft"] = true));
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();
        await fixture.App.Services.GetRequiredService<TestAutopilot>().RunOnceAsync(Ct);

        using var small = await client.Http.GetAsync($"/v1/orders/{id}/proof.png?size=small", Ct);
        using var again = await client.Http.GetAsync($"/v1/orders/{id}/proof.png?size=small", Ct);
        using var large = await client.Http.GetAsync($"/v1/orders/{id}/letter.png?size=large", Ct);
        using var medium = await client.Http.GetAsync($"/v1/orders/{id}/letter.png", Ct);
        using var huge = await client.Http.GetAsync($"/v1/orders/{id}/letter.png?size=huge", Ct);

        Assert.Equal("image/png", small.Content.Headers.ContentType?.MediaType);
        var (width, height) = PngSize(await small.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(300, width);
        Assert.InRange(height / (double)width, 1.40, 1.43);
        Assert.Equal(await small.Content.ReadAsByteArrayAsync(Ct), await again.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(1200, PngSize(await large.Content.ReadAsByteArrayAsync(Ct)).Width);
        Assert.Equal(600, PngSize(await medium.Content.ReadAsByteArrayAsync(Ct)).Width);
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        Assert.True((await huge.JsonAsync()).GetProperty("errors").TryGetProperty("size", out _));
        await using var db = fixture.App.NewDbContext();
        var kept = await db.Thumbnails.Where(t => db.Renditions.Any(r => r.Id == t.RenditionId && r.OrderId == id)).Select(t => t.Width).ToListAsync(Ct);
        Assert.Equal([300, 600, 1200], kept.Order());
    }

    [Fact]
    public async Task Catalogue_previews_come_as_pictures_without_a_key()
    {
        using var http = fixture.App.CreateClient();

        using var picture = await http.GetAsync("/v1/catalogue/preview.png?style=tech&paper=parchment&size=small", Ct);
        using var catalogue = await http.GetAsync("/v1/catalogue", Ct);

        Assert.Equal(HttpStatusCode.OK, picture.StatusCode);
        Assert.Equal(300, PngSize(await picture.Content.ReadAsByteArrayAsync(Ct)).Width);
        var styles = (await catalogue.JsonAsync()).GetProperty("styles").EnumerateArray().ToList();
        Assert.All(styles, s => Assert.StartsWith("/v1/catalogue/preview.png?style=", s.GetProperty("picture_url").GetString(), StringComparison.Ordinal));
    }
}
