using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Letters.Features.Campaigns;
using Letters.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Letters.Tests.Campaigns;

/// <summary>What campaign tests do over and over: create one, send a file, let the workers run, read it back.</summary>
public static class CampaignSteps
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public const string Header = "name,first_name,address_line1,address_line2,city,region,postal_code,country,relationship,brief,custom.gift";

    public static Dictionary<string, object?> Body(TestClock clock, string kind, Action<Dictionary<string, object?>>? change = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["name"] = "Winter thank-yous",
            ["kind"] = kind,
            ["occasion"] = "thank_you",
            ["relationship"] = "donor",
            ["tone"] = "warm",
            ["length"] = "short",
            ["deliver_by"] = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        if (kind == "one_letter")
        {
            body["brief"] = "Thank each donor for their gift to the library this winter, and name what it paid for.";
        }

        change?.Invoke(body);
        return body;
    }

    public static async Task<Guid> CreateCampaignAsync(this ApiClient client, TestClock clock, string kind, Action<Dictionary<string, object?>>? change = null)
    {
        using var created = await client.Http.PostAsJsonAsync("/v1/campaigns", Body(clock, kind, change), ApiClients.Json, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.JsonAsync()).GetProperty("id").GetGuid();
    }

    public static async Task<HttpResponseMessage> UploadAsync(this ApiClient client, Guid id, string csv, byte[]? prefix = null)
    {
        var bytes = (prefix ?? []).Concat(Encoding.UTF8.GetBytes(csv)).ToArray();
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        return await client.Http.PutAsync(new Uri($"/v1/campaigns/{id}/file?file_name=donors.csv", UriKind.Relative), content, Ct);
    }

    public static async Task<JsonElement> CampaignAsync(this ApiClient client, Guid id)
    {
        using var response = await client.Http.GetAsync(new Uri($"/v1/campaigns/{id}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    public static async Task<HttpResponseMessage> StartAsync(this ApiClient client, Guid id, string onInvalid = "skip_invalid") =>
        await client.Http.PostAsJsonAsync($"/v1/campaigns/{id}/start", new { on_invalid = onInvalid }, ApiClients.Json, Ct);

    /// <summary>Uploads the file and starts the campaign, letting the worker read, then import it.</summary>
    public static async Task UploadAndStartAsync(this ApiClient client, LettersApp app, Guid campaign, string csv)
    {
        using (await client.UploadAsync(campaign, csv))
        {
            await app.WorkAsync();
        }

        using (await client.StartAsync(campaign))
        {
            await app.WorkAsync();
        }
    }

    /// <summary>Runs the campaign worker until it has nothing left to do.</summary>
    public static Task WorkAsync(this LettersApp app) => app.Services.GetRequiredService<CampaignWorker>().DrainAsync(Ct);

    /// <summary>A donor row; <paramref name="gift"/> fills custom.gift.</summary>
    public static string[] Row(int i, string? name = null, string? city = null, string? country = null, string? postalCode = null, string? brief = null, string? gift = null) =>
    [
        name ?? $"Donor Number{i}", (name ?? $"Donor Number{i}").Split(' ')[0], $"{i} Main Street", "", city ?? "Boston", "MA", postalCode ?? "02134", country ?? "US", "donor",
        brief ?? $"Thank donor {i} for their gift to the library fund this winter.", gift ?? "the reading room",
    ];

    /// <summary>Rows as CSV: fields with a comma, quote or line break are quoted, quotes doubled.</summary>
    public static string Csv(IEnumerable<string[]> rows, string separator = ",", string header = Header) =>
        header.Replace(",", separator, StringComparison.Ordinal) + "\n" + string.Join("\n", rows.Select(r => string.Join(separator, r.Select(f => Quote(f, separator))))) + "\n";

    private static string Quote(string field, string separator) =>
        field.Contains(separator, StringComparison.Ordinal) || field.Contains('"', StringComparison.Ordinal) || field.Contains('\n', StringComparison.Ordinal)
            ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
            : field;
}
