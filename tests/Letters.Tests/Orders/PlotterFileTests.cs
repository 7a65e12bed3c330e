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
    public async Task The_envelope_is_a_plotter_file_of_its_own_and_a_window_letter_has_none()
    {
        var (client, id) = await WrittenAsync();
        var (windowClient, windowId) = await WrittenAsync(b => { b["page_size"] = "us_letter"; b["address_placement"] = "window"; });

        using var svg = await client.Http.GetAsync($"/v1/orders/{id}/envelope.svg", Ct);
        using var gcode = await client.Http.GetAsync($"/v1/orders/{id}/envelope.gcode", Ct);
        using var none = await windowClient.Http.GetAsync($"/v1/orders/{windowId}/envelope.svg", Ct);
        using var foreign = await windowClient.Http.GetAsync($"/v1/orders/{id}/envelope.gcode", Ct);

        Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
        var envelope = await svg.Content.ReadAsStringAsync(Ct);
        // The envelope lies landscape, on its own size, in the letter's strokes: as many paths as the G-code's landings.
        var size = Regex.Match(envelope, "width=\"([0-9.]+)mm\" height=\"([0-9.]+)mm\"");
        Assert.True(double.Parse(size.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > double.Parse(size.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), size.Value);
        Assert.Contains("<title>Envelope</title>", envelope, StringComparison.Ordinal);
        Assert.StartsWith("; Envelope", await gcode.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(Regex.Count(envelope, "<path "), Regex.Count(await gcode.Content.ReadAsStringAsync(Ct), "^G1 Z", RegexOptions.Multiline));
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Contains("no envelope", (await none.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }

    [Fact]
    public async Task The_gcode_speaks_the_firmware_and_pen_the_settings_name()
    {
        var (client, id) = await WrittenAsync();
        using var marlin = fixture.App.WithWebHostBuilder(b =>
        {
            b.UseSetting("Letters:Plotter:Firmware", "Marlin");
            b.UseSetting("Letters:Plotter:PenLift", "Servo");
            b.UseSetting("Letters:Plotter:ServoUp", "90");
            b.UseSetting("Letters:Plotter:ServoDown", "20");
        });
        using var http = marlin.CreateClient();
        http.DefaultRequestHeaders.Authorization = client.Http.DefaultRequestHeaders.Authorization;

        var grbl = await client.Http.GetStringAsync($"/v1/orders/{id}/letter.gcode", Ct);
        var servo = await http.GetStringAsync($"/v1/orders/{id}/letter.gcode", Ct);

        // GRBL reads G4 P in seconds, Marlin in milliseconds: the same 60 ms landing either way.
        Assert.Contains("\nG4 P0.06\n", grbl, StringComparison.Ordinal);
        Assert.DoesNotContain("M3 S", grbl, StringComparison.Ordinal);
        Assert.Contains("\nM3 S20\nG4 P210\n", servo, StringComparison.Ordinal);
        Assert.Contains("\nM3 S90\nG4 P150\n", servo, StringComparison.Ordinal);
        Assert.DoesNotContain(" Z", servo, StringComparison.Ordinal);
    }

    [Fact]
    public void Plotter_settings_no_plotter_could_run_are_refused_by_name()
    {
        var validation = new PlotterDocuments.SettingsValidation();

        var result = validation.Validate(null, new Letters.Handwriting.Pen.PlotterSettings { PenUpZ = 0, PenDownZ = 2, DrawFeed = 0 });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("PenUpZ", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("DrawFeed", StringComparison.Ordinal));
        Assert.True(validation.Validate(null, new Letters.Handwriting.Pen.PlotterSettings()).Succeeded);
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
