using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Letters.Tests.Infrastructure;
using Letters.Tests.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Letters.Tests.Clients;

/// <summary>The client app's order form over HTTP: the API's rules, the quoted price, and one order per form.</summary>
public sealed partial class ClientOrderFormTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_form_quotes_the_price_and_a_double_submit_orders_once_at_that_price()
    {
        var (browser, email) = await ConfirmedClientAsync();
        var form = await FormAsync(browser);
        var fields = OrderFields(form, brief: "Fifty years since the almond croissant at the bakery on Rue Cler.");

        using var review = await browser.PostAsync(new Uri("/app/orders/new?handler=Review", UriKind.Relative), new FormUrlEncodedContent(fields), Ct);
        var quoted = await review.Content.ReadAsStringAsync(Ct);
        Assert.Matches(Total(), quoted);
        fields["QuoteId"] = QuoteId().Match(quoted).Groups[1].Value;
        fields["__RequestVerificationToken"] = Forms.Token(quoted);

        using var first = await browser.PostAsync(new Uri("/app/orders/new?handler=Confirm", UriKind.Relative), new FormUrlEncodedContent(fields), Ct);
        using var second = await browser.PostAsync(new Uri("/app/orders/new?handler=Confirm", UriKind.Relative), new FormUrlEncodedContent(fields), Ct);

        Assert.True(first.StatusCode == HttpStatusCode.Redirect, await first.Content.ReadAsStringAsync(Ct));
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        await using var db = fixture.App.NewDbContext();
        var order = await db.Orders.Include(o => o.Client).SingleAsync(o => o.Client!.Email == email, Ct);
        Assert.Equal($"/app/orders/{order.Id}", first.Headers.Location?.OriginalString);
        Assert.Equal(1050, order.Price!.Amount);
        Assert.False(order.IsTest);

        // The month's statement in the app lists it at that price, and downloads as the API's CSV.
        var statement = await browser.GetStringAsync(new Uri("/app/statements", UriKind.Relative), Ct);
        Assert.Contains("1 letter: USD 10.50", statement, StringComparison.Ordinal);
        var csv = await browser.GetStringAsync(new Uri($"/app/statements?handler=Csv&month={fixture.Clock.GetUtcNow():yyyy-MM}", UriKind.Relative), Ct);
        Assert.Contains($"{order.Id},", csv, StringComparison.Ordinal);
        Assert.Contains("10.50,USD", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_form_orders_a_window_letter_with_its_return_address_and_refuses_a_window_on_a5()
    {
        var (browser, email) = await ConfirmedClientAsync();
        var fields = OrderFields(await FormAsync(browser), brief: "Fifty years since the almond croissant at the bakery on Rue Cler.");
        fields["Form.PageSize"] = "a5";
        fields["Form.AddressPlacement"] = "window";

        using var refused = await browser.PostAsync(new Uri("/app/orders/new?handler=Review", UriKind.Relative), new FormUrlEncodedContent(fields), Ct);
        var page = await refused.Content.ReadAsStringAsync(Ct);
        Assert.Contains("A window envelope shows page 1 of a us_letter (#10) or a4 (DL) letter, not a5.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"quote\"", page, StringComparison.Ordinal);

        // A return address begun and not finished is named field by field.
        fields["Form.PageSize"] = "a4";
        fields["Form.FromName"] = "Henri Dubois";
        fields["__RequestVerificationToken"] = Forms.Token(page);
        using var unfinished = await browser.PostAsync(new Uri("/app/orders/new?handler=Review", UriKind.Relative), new FormUrlEncodedContent(fields), Ct);
        page = await unfinished.Content.ReadAsStringAsync(Ct);
        var cityError = page[page.IndexOf("id=\"from-city\"", StringComparison.Ordinal)..];
        Assert.Matches("^[^>]*/>\\s*<span class=\"field-error\">[^<]*must not be empty", cityError);

        (fields["Form.FromAddressLine1"], fields["Form.FromCity"], fields["Form.FromPostalCode"], fields["Form.FromCountry"]) = ("350 Fifth Avenue", "New York", "10118", "us");
        fields["__RequestVerificationToken"] = Forms.Token(page);
        using var review = await browser.PostAsync(new Uri("/app/orders/new?handler=Review", UriKind.Relative), new FormUrlEncodedContent(fields), Ct);
        var quoted = await review.Content.ReadAsStringAsync(Ct);
        fields["QuoteId"] = QuoteId().Match(quoted).Groups[1].Value;
        fields["__RequestVerificationToken"] = Forms.Token(quoted);
        using var confirmed = await browser.PostAsync(new Uri("/app/orders/new?handler=Confirm", UriKind.Relative), new FormUrlEncodedContent(fields), Ct);

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        await using var db = fixture.App.NewDbContext();
        var order = await db.Orders.Include(o => o.Client).SingleAsync(o => o.Client!.Email == email, Ct);
        Assert.Equal(("a4", null, true), (order.Letter.PageSize, order.EnvelopeSize, order.WindowAddress));
        Assert.Equal(("Henri Dubois", "New York", "US"), (order.ReturnAddress?.Name, order.ReturnAddress?.City, order.ReturnAddress?.Country));
    }

    [Fact]
    public async Task The_form_refuses_what_the_api_refuses_naming_the_problem()
    {
        var (browser, _) = await ConfirmedClientAsync();
        var fields = OrderFields(await FormAsync(browser), brief: "Too short");
        fields["Form.PostalCode"] = "";

        using var review = await browser.PostAsync(new Uri("/app/orders/new?handler=Review", UriKind.Relative), new FormUrlEncodedContent(fields), Ct);
        var page = await review.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, review.StatusCode);
        Assert.Contains("id=\"form-errors\"", page, StringComparison.Ordinal);
        Assert.True(page.Contains("must be between 20 and 5000 characters", StringComparison.Ordinal), page[page.IndexOf("form-errors", StringComparison.Ordinal)..][..600]);
        Assert.DoesNotContain("id=\"quote\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unconfirmed_client_is_asked_to_confirm_before_ordering()
    {
        var browser = Browser();
        var email = $"{Guid.NewGuid():N}@person.test";
        await SignUpAsync(browser, email);
        using (var signedIn = await Forms.PostAsync(browser, "/app/signin", new() { ["Email"] = email, ["Password"] = "a-long-password-1" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        var page = await browser.GetStringAsync(new Uri("/app/orders/new", UriKind.Relative), Ct);

        Assert.Contains("Confirm your e-mail address first", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"order-form\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_clients_order_page_is_not_found()
    {
        var stranger = await ApiClients.CreateAsync(fixture.App);
        using var created = await stranger.PostOrderAsync(ApiClients.OrderBody(fixture.Clock));
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();
        var (browser, _) = await ConfirmedClientAsync();

        using var page = await browser.GetAsync(new Uri($"/app/orders/{id}", UriKind.Relative), Ct);
        using var pdf = await browser.GetAsync(new Uri($"/app/orders/{id}?handler=Pdf&kind=proof", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, pdf.StatusCode);
    }

    [Fact]
    public async Task A_letter_sent_back_for_a_revision_is_not_shown_as_the_letter_until_it_is_written_again()
    {
        var api = await ApiClients.CreateAsync(fixture.App);
        var id = await api.OrderAutoDraftedAsync(fixture.App);
        await fixture.App.RunAutopilotAsync();
        using (var delivered = await api.Http.GetAsync(new Uri($"/v1/orders/{id}/letter.pdf", UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        }

        using (var revision = await api.Http.PostAsJsonAsync($"/v1/orders/{id}/revisions", new { notes = "Warmer, please." }, ApiClients.Json, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, revision.StatusCode);
        }

        // The same order, seen by a client of the web app: it moves to one whose browser we hold.
        var (browser, email) = await ConfirmedClientAsync();
        await using (var db = fixture.App.NewDbContext())
        {
            await db.Database.ExecuteSqlAsync($"UPDATE orders SET client_id = (SELECT id FROM clients WHERE email = {email}) WHERE id = {id}", Ct);
        }

        var page = await browser.GetStringAsync(new Uri($"/app/orders/{id}", UriKind.Relative), Ct);
        using var pdf = await browser.GetAsync(new Uri($"/app/orders/{id}?handler=Pdf&kind=letter", UriKind.Relative), Ct);

        Assert.DoesNotContain("id=\"download-letter\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"download-proof\"", page, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, pdf.StatusCode);
    }

    private HttpClient Browser() => Forms.Browser(fixture.App);

    private async Task<(HttpClient Browser, string Email)> ConfirmedClientAsync()
    {
        var browser = Browser();
        var email = $"{Guid.NewGuid():N}@person.test";
        await SignUpAsync(browser, email);
        using var confirmed = await browser.GetAsync(new Uri(fixture.App.Outbox.LastLinkTo(email), UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        return (browser, email);
    }

    private static async Task SignUpAsync(HttpClient browser, string email)
    {
        var page = await browser.GetStringAsync(new Uri("/signup", UriKind.Relative), Ct);
        using var response = await browser.PostAsync(new Uri("/signup", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Name"] = "Henri Dubois", ["Email"] = email, ["Password"] = "a-long-password-1", ["__RequestVerificationToken"] = Forms.Token(page),
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private static async Task<string> FormAsync(HttpClient browser) => await browser.GetStringAsync(new Uri("/app/orders/new", UriKind.Relative), Ct);

    private static Dictionary<string, string> OrderFields(string form, string brief) => new()
    {
        ["__RequestVerificationToken"] = Forms.Token(form),
        ["IdempotencyKey"] = Regex.Match(form, "name=\"IdempotencyKey\" value=\"([^\"]+)\"").Groups[1].Value,
        ["Form.Occasion"] = "anniversary", ["Form.Name"] = "Claire Martin", ["Form.AddressLine1"] = "12 Rue Cler", ["Form.City"] = "Paris",
        ["Form.PostalCode"] = "75007", ["Form.Country"] = "fr", ["Form.Relationship"] = "wife", ["Form.Brief"] = brief, ["Form.Tone"] = "romantic",
        ["Form.Length"] = "standard", ["Form.Language"] = "en", ["Form.Style"] = "caveat", ["Form.Ink"] = "blue_black", ["Form.Paper"] = "cream",
        ["Form.DeliverBy"] = Regex.Match(form, "name=\"Form.DeliverBy\" type=\"date\" min=\"[^\"]+\" value=\"([^\"]+)\"").Groups[1].Value,
        ["Form.Priority"] = "standard",
    };

    [GeneratedRegex("name=\"QuoteId\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex QuoteId();

    [GeneratedRegex("id=\"total\">USD 10.50<")]
    private static partial Regex Total();
}
