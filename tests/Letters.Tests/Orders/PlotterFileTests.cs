using System.Net;
using System.Text.RegularExpressions;
using Letters.Features.Orders;
using Letters.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Letters.Tests.Orders;

/// <summary>A pen-style letter as plotter files over the API: the same strokes as its PDF, one page at a time.</summary>
public sealed partial class PlotterFileTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(ApiClient Client, Guid Id)> WrittenAsync(Action<Dictionary<string, object?>>? change = null)
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        using var created = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => { b["auto_draft"] = true; change?.Invoke(b); }));
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();
        await fixture.App.Services.GetRequiredService<TestAutopilot>().RunOnceAsync(Ct);
        return (client, id);
    }

    [Fact]
    public async Task A_pen_letter_comes_as_svg_and_gcode_page_by_page()
    {
        var (client, id) = await WrittenAsync();

        using var proof = await client.Http.GetAsync($"/v1/orders/{id}/proof.svg", Ct);
        using var letter = await client.Http.GetAsync($"/v1/orders/{id}/letter.svg?page=1", Ct);
        using var gcode = await client.Http.GetAsync($"/v1/orders/{id}/letter.gcode", Ct);
        using var beyond = await client.Http.GetAsync($"/v1/orders/{id}/letter.svg?page=9", Ct);

        Assert.Equal(HttpStatusCode.OK, letter.StatusCode);
        Assert.Equal("image/svg+xml", letter.Content.Headers.ContentType?.MediaType);
        var svg = await letter.Content.ReadAsStringAsync(Ct);
        Assert.Contains("inkscape:label=\"1 ink\"", svg, StringComparison.Ordinal);
        Assert.Matches("width=\"148(\\.\\d+)?mm\"", svg);
        // The proof is the letter that will be written: same draft, same seed, the same strokes.
        Assert.Equal(svg, await proof.Content.ReadAsStringAsync(Ct));
        var gcodeText = await gcode.Content.ReadAsStringAsync(Ct);
        Assert.StartsWith("; Letter, page 1", gcodeText, StringComparison.Ordinal);
        Assert.Equal(Regex.Count(svg, "<path "), Regex.Count(gcodeText, "^G1 Z", RegexOptions.Multiline));
        Assert.Equal(HttpStatusCode.BadRequest, beyond.StatusCode);
        Assert.True((await beyond.JsonAsync()).GetProperty("errors").TryGetProperty("page", out _));
    }

    [Fact]
    public async Task A_font_style_letter_has_no_plotter_file_and_says_why()
    {
        var (client, id) = await WrittenAsync(b => b["style"] = "kalam");

        using var svg = await client.Http.GetAsync($"/v1/orders/{id}/letter.svg", Ct);

        Assert.Equal(HttpStatusCode.NotFound, svg.StatusCode);
        Assert.Contains("pen styles", (await svg.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_order_the_pen_cannot_write_gets_the_default_font_style_and_says_so()
    {
        var client = await ApiClients.CreateAsync(fixture.App);

        using var created = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => b["signature"] = "Łukasz"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("caveat", (await created.JsonAsync()).GetProperty("style").GetString());
    }
}
