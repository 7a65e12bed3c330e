using Microsoft.Extensions.Logging;

namespace Letters.Tests.Infrastructure;

/// <summary>
/// The app's errors from every test, in one file beside the test assembly (TestResults/app-errors.log), with
/// exception and stack: a browser test only sees "500", and this says why. ./dev.sh test prints it on failure.
/// </summary>
public sealed class ErrorLog : ILoggerProvider
{
    public static string Path { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "TestResults", "app-errors.log");
    private static readonly Lock Gate = new();

    static ErrorLog()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        File.WriteAllText(Path, string.Empty);
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var entry = $"{DateTimeOffset.UtcNow:O} {logLevel} {category}: {formatter(state, exception)}{Environment.NewLine}{exception}{Environment.NewLine}";
            lock (Gate)
            {
                File.AppendAllText(Path, entry);
            }
        }
    }
}
