using Letters.Data;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Letters.Features.Queue;

/// <summary>Writers' dashboards connect here to hear that work arrived, instead of polling every second.</summary>
public sealed class QueueHub : Hub
{
    public const string Path = "/hubs/queue";
    public const string WorkArrived = "workArrived";
}

/// <summary>
/// Holds one <c>LISTEN letters_queue</c> connection per app instance and passes every notification (a queue id,
/// sent at commit by whichever instance queued the letter) to connected dashboards. If the connection drops it
/// reconnects; dashboards also poll every few seconds, so a missed signal only delays, never loses, work.
/// </summary>
public sealed class QueueListener(IServiceScopeFactory scopes, IHubContext<QueueHub> hub, ILogger<QueueListener> logger) : BackgroundService
{
    /// <summary>Raised for each notification; the tests listen here.</summary>
    public event Action<string>? Notified;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string connectionString;
        await using (var scope = scopes.CreateAsyncScope())
        {
            connectionString = scope.ServiceProvider.GetRequiredService<LettersDbContext>().Database.GetConnectionString()!;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) =>
                {
                    Notified?.Invoke(e.Payload);
                    _ = hub.Clients.All.SendAsync(QueueHub.WorkArrived, e.Payload, CancellationToken.None);
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {QueueSignal.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Queue listener lost its connection; reconnecting");
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
