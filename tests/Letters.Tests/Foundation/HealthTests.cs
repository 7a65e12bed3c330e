using System.Net;
using Letters.Tests.Infrastructure;

namespace Letters.Tests.Foundation;

public sealed class HealthTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    [Fact]
    public async Task Ready_is_200_when_the_database_answers()
    {
        using var http = fixture.App.CreateClient();

        using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Ready_is_503_and_live_is_200_when_the_database_port_is_closed()
    {
        // Port 1 on loopback: nothing listens, so the connection is refused at once.
        var closed = "Host=127.0.0.1;Port=1;Username=postgres;Database=letters;Timeout=3";
        await using var app = new LettersApp(closed, new TestClock());
        using var http = app.CreateClient();

        using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken);
        using var live = await http.GetAsync(new Uri("/health/live", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}
