namespace Letters.Tests.Infrastructure;

/// <summary>A clock the test moves by hand (the framework's FakeTimeProvider is not available here).</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock gate = new();
    private DateTimeOffset now = start;

    public TestClock()
        : this(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (gate)
        {
            now += by;
        }
    }

    public void Set(DateTimeOffset to)
    {
        lock (gate)
        {
            now = to;
        }
    }
}
