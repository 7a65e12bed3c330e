using System.Collections.Frozen;
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

    /// <summary>
    /// A zone of the zone database, by its IANA id (Europe/Paris): the zones the system lists, not every file under
    /// its folder (a folder such as "Europe", or "leapseconds", is no zone).
    /// </summary>
    public static bool IsZone(string? id) => id is not null && Zones.Value.Contains(id);

    private static readonly Lazy<FrozenSet<string>> Zones = new(() =>
        TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(z => TimeZoneInfo.TryConvertIanaIdToWindowsId(z, out _) || z == "UTC").ToFrozenSet(StringComparer.Ordinal));

    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);
}
