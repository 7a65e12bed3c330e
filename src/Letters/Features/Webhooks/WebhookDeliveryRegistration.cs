using Letters.Infrastructure;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Letters.Features.Webhooks;

public static class WebhookDeliveryRegistration
{
    /// <summary>
    /// The webhook sender's HTTP client: no redirects (a 3xx is a failure, and could lead anywhere), connections
    /// only to addresses that pass the guard, and a resilience pipeline (Microsoft.Extensions.Http.Resilience) for
    /// the attempt's time limit and one quick retry when the connection itself fails. Every other failure waits
    /// for the durable schedule in the database, which survives restarts as an in-memory retry cannot.
    /// </summary>
    public static IServiceCollection AddWebhookDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddWorker<WebhookRelayWorker>(configuration);
        services.AddWorker<WebhookSender>(configuration);
        services.AddWorker<WebhookPruneWorker>(configuration);
        services.AddSingleton<WebhookDispatcher>();
        services.AddHttpClient(WebhookSender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(provider =>
            {
                var options = provider.GetRequiredService<IOptions<WebhookOptions>>();
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    UseCookies = false,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                    ConnectTimeout = TimeSpan.FromSeconds(10),
                    ConnectCallback = (context, ct) => AddressGuard.ConnectAsync(context.DnsEndPoint, options.Value.AllowPrivateAddresses, ct),
                };
            })
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("webhook-attempt", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<WebhookOptions>>().Value;
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 1,
                    Delay = TimeSpan.FromMilliseconds(200),
                    BackoffType = DelayBackoffType.Constant,
                    ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } e
                                                               && e.InnerException is not BlockedAddressException),
                });
                pipeline.AddTimeout(options.Timeout);
            });
        return services;
    }
}
