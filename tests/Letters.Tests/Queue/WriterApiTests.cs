using System.Net;
using System.Net.Http.Json;
using Letters.Domain;
using Letters.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Letters.Tests.Queueing;

/// <summary>The queue over HTTP, signed in as staff with Identity's cookie.</summary>
public sealed class WriterApiTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private const string Password = "Correct-horse-9";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_writer_signs_in_claims_keeps_the_lease_and_releases()
    {
        var letter = (await QueueSeed.QueuedAsync(fixture.App, 1, occasion: "love", language: "et")).Single();
        var (http, _) = await SignedInWriterAsync(["love"], ["et"]);

        using var claim = await http.PostAsync(new Uri("/writer/api/claims", UriKind.Relative), null, Ct);
        var claimed = await claim.JsonAsync();
        Assert.Equal(HttpStatusCode.OK, claim.StatusCode);
        Assert.Equal(letter, claimed.GetProperty("order_id").GetGuid());
        var attempt = claimed.GetProperty("attempt").GetInt32();

        using var heartbeat = await http.PostAsJsonAsync($"/writer/api/letters/{letter}/heartbeat", new { attempt }, ApiClients.Json, Ct);
        using var stale = await http.PostAsJsonAsync($"/writer/api/letters/{letter}/heartbeat", new { attempt = attempt + 1 }, ApiClients.Json, Ct);
        using var noReason = await http.PostAsJsonAsync($"/writer/api/letters/{letter}/release", new { attempt }, ApiClients.Json, Ct);
        using var release = await http.PostAsJsonAsync($"/writer/api/letters/{letter}/release", new { attempt, reason = "Too close to home." }, ApiClients.Json, Ct);
        using var nothing = await http.PostAsync(new Uri("/writer/api/claims", UriKind.Relative), null, Ct);

        Assert.Equal(HttpStatusCode.OK, heartbeat.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("Claim lost.", (await stale.JsonAsync()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, release.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, nothing.StatusCode);
        await using var db = fixture.App.NewDbContext();
        Assert.Equal(OrderStatus.Queued, await db.Orders.Where(o => o.Id == letter).Select(o => o.Status).SingleAsync(Ct));
    }

    [Fact]
    public async Task Going_away_stops_claims_until_available_again()
    {
        await QueueSeed.QueuedAsync(fixture.App, 1, occasion: "love", language: "lv");
        var (http, _) = await SignedInWriterAsync(["love"], ["lv"]);

        using var away = await http.PutAsJsonAsync("/writer/api/availability", new { availability = "away" }, ApiClients.Json, Ct);
        using var whileAway = await http.PostAsync(new Uri("/writer/api/claims", UriKind.Relative), null, Ct);
        using var back = await http.PutAsJsonAsync("/writer/api/availability", new { availability = "available" }, ApiClients.Json, Ct);
        using var nowAvailable = await http.PostAsync(new Uri("/writer/api/claims", UriKind.Relative), null, Ct);
        using var nonsense = await http.PutAsJsonAsync("/writer/api/availability", new { availability = "asleep" }, ApiClients.Json, Ct);

        Assert.Equal(HttpStatusCode.NoContent, away.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, whileAway.StatusCode);
        Assert.Equal(HttpStatusCode.OK, nowAvailable.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, nonsense.StatusCode);
    }

    [Fact]
    public async Task Staff_endpoints_refuse_strangers_clients_and_the_wrong_role()
    {
        using var anonymous = fixture.App.CreateClient();
        var client = await ApiClients.CreateAsync(fixture.App);
        var (writer, _) = await SignedInWriterAsync(["love"], ["en"]);

        using var noLogin = await anonymous.PostAsync(new Uri("/writer/api/claims", UriKind.Relative), null, Ct);
        using var apiKey = await client.Http.PostAsync(new Uri("/writer/api/claims", UriKind.Relative), null, Ct);
        using var writerAsAdmin = await writer.PostAsJsonAsync($"/admin/api/orders/{Guid.NewGuid()}/reassign", new { writer_id = Guid.NewGuid() }, ApiClients.Json, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, noLogin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, apiKey.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, writerAsAdmin.StatusCode);
        Assert.Equal("application/problem+json", noLogin.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account()
    {
        var (_, email) = await SignedInWriterAsync(["love"], ["en"]);
        using var http = fixture.App.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await http.PostAsJsonAsync("/account/api/login", new { email, password = "not-the-password" }, ApiClients.Json, Ct);
            statuses.Add(wrong.StatusCode);
        }

        using var right = await http.PostAsJsonAsync("/account/api/login", new { email, password = Password }, ApiClients.Json, Ct);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Contains("locked", (await right.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private async Task<(HttpClient Http, string Email)> SignedInWriterAsync(string[] skills, string[] languages)
    {
        var email = (await Staff.CreateAsync(fixture.App, StaffRoles.Writer, Password, skills, languages, name: "Web Writer")).Email;
        var http = fixture.App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        using var login = await http.PostAsJsonAsync("/account/api/login", new { email, password = Password }, ApiClients.Json, Ct);
        Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        return (http, email);
    }
}
