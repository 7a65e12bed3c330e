using Letters.Domain;

namespace Letters.Features.StandingOrders;

/// <summary>
/// When a standing order's letter is due, each year: the date itself (29 February moved to 28 February or 1 March
/// in a common year, as the client chose), the moment the order is placed (the start of the day
/// <see cref="StandingOrder.LeadDays"/> before, in the recipient's zone) and the moment the client is reminded to add
/// this year's note (two weeks before that).
/// </summary>
public static class StandingOrderSchedule
{
    public static readonly TimeSpan ReminderAhead = TimeSpan.FromDays(14);

    /// <summary>The letter's date in <paramref name="year"/>, in the recipient's calendar.</summary>
    public static DateOnly DateIn(StandingOrder standing, int year) =>
        standing is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(year)
            ? standing.LeapDay == LeapDayRule.February28 ? new DateOnly(year, 2, 28) : new DateOnly(year, 3, 1)
            : new DateOnly(year, standing.Month, Math.Min(standing.Day, DateTime.DaysInMonth(year, standing.Month)));

    /// <summary>When the year's order is placed: the start of that day in the recipient's zone.</summary>
    public static DateTimeOffset PlaceAt(StandingOrder standing, int year) => StartOf(DateIn(standing, year).AddDays(-standing.LeadDays), standing.TimeZone);

    public static DateTimeOffset RemindAt(StandingOrder standing, int year) => PlaceAt(standing, year) - ReminderAhead;

    /// <summary>Today in the recipient's zone.</summary>
    public static DateOnly Today(StandingOrder standing, DateTimeOffset now) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone(standing.TimeZone)).DateTime);

    public static DateTimeOffset StartOf(DateOnly day, string timeZone)
    {
        var zone = Zone(timeZone);
        var local = day.ToDateTime(TimeOnly.MinValue);

        // A day that begins in a DST gap starts at the first moment that exists.
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    public static bool IsZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id) is not null && TimeZoneInfo.TryConvertIanaIdToWindowsId(id, out _);
        }
        catch (TimeZoneNotFoundException)
        {
            return false;
        }
    }

    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);
}
