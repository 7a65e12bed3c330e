namespace Letters.Infrastructure;

/// <summary>
/// The loop of a background worker: pass after pass until the app stops, straight on while a pass finds work, a
/// pause after one that finds none. A failed pass (the database away, a batch that raced a cancel) is logged and
/// the next pass tries again.
/// </summary>
public static partial class WorkLoop
{
    public static async Task RunAsync(string name, Func<CancellationToken, Task<bool>> pass, Func<TimeSpan> idle, TimeProvider clock, ILogger logger, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var busy = false;
            try
            {
                busy = await pass(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, name, e);
            }

            if (!busy)
            {
                await Task.Delay(idle(), clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Name} pass failed")]
    private static partial void LogFailed(ILogger logger, string name, Exception e);
}
