using System.Collections.Concurrent;
using System.Collections.Frozen;
using Letters.Domain;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Identity;
using MimeKit;

namespace Letters.Features.Clients;

/// <summary>
/// What an account's e-mail, name and password must be, for clients and staff alike: an address mail can be sent to
/// (one mailbox, a domain with a dot, no control characters), a name without control characters, and a password of
/// at least <see cref="MinimumPasswordLength"/> characters that is not the e-mail and not one of the passwords
/// every guesser tries first.
/// </summary>
public static class AccountRules
{
    public const int MinimumPasswordLength = 10;

    /// <summary>The commonest passwords of ten characters or more in public breach lists: what a guesser tries first.</summary>
    private static readonly FrozenSet<string> Common = new[]
    {
        "1234567890", "0123456789", "12345678910", "123456789a", "1234567890a", "qwertyuiop", "qwertyuiop1", "1q2w3e4r5t",
        "1qaz2wsx3edc", "password12", "password123", "password1234", "passw0rd12", "iloveyou12", "qwerty1234", "qwerty12345",
        "abcdefghij", "abc1234567", "a1b2c3d4e5", "zaq12wsxcde", "letmein123", "welcome123", "sunshine12", "football12",
        "baseball12", "princess12", "monkey1234", "dragon1234", "superman12", "123qweasdzxc", "1111111111", "0000000000",
        "9876543210", "asdfghjkl1", "asdfghjkl;", "qazwsxedc1", "trustno123", "changeme12", "administrator", "letters123",
        "letters-123", "letters2026", "password!1",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Why the address cannot be an account's, or null.</summary>
    public static string? EmailProblem(string? email)
    {
        if (email is null || email.Length is < 6 or > 254 || !TextRule.Allows(email, multiLine: false) || email.Any(char.IsWhiteSpace))
        {
            return "Give an e-mail address, such as ana@example.com.";
        }

        if (!MailboxAddress.TryParse(email, out var mailbox) || mailbox.Address != email || mailbox.Domain is not { Length: > 2 } domain
            || !domain.Contains('.', StringComparison.Ordinal) || domain.StartsWith('.') || domain.EndsWith('.') || mailbox.LocalPart.Length == 0)
        {
            return "That is not an e-mail address we can write to; check it for a typo.";
        }

        return null;
    }

    public static string? NameProblem(string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200 || !TextRule.Allows(name, multiLine: false)
            ? "Give your name (or your company's), in at most 200 characters."
            : null;

    /// <summary>Why the password will not do, or null.</summary>
    public static string? PasswordProblem(string? password, string? email)
    {
        if (password is null || password.Length < MinimumPasswordLength)
        {
            return $"Choose a password of at least {MinimumPasswordLength} characters.";
        }

        if (password.Length > 200)
        {
            return "Choose a password of at most 200 characters.";
        }

        var local = email?.Split('@')[0] ?? "";
        if (email is not null && (password.Contains(email, StringComparison.OrdinalIgnoreCase) || string.Equals(password, local, StringComparison.OrdinalIgnoreCase)))
        {
            return "Choose a password that is not your e-mail address.";
        }

        if (Common.Contains(password) || password.Distinct().Count() < 4)
        {
            return "That password is one of the first a guesser tries. Choose another (a few unrelated words make a good one).";
        }

        return null;
    }

    /// <summary>The same password rules for staff, as Identity asks them.</summary>
    public sealed class StaffPasswords : IPasswordValidator<StaffUser>
    {
        public Task<IdentityResult> ValidateAsync(UserManager<StaffUser> manager, StaffUser user, string? password) =>
            Task.FromResult(PasswordProblem(password, user.Email) is { } problem
                ? IdentityResult.Failed(new IdentityError { Code = "Password", Description = problem })
                : IdentityResult.Success);
    }
}

/// <summary>
/// How often one address may sign up and one mailbox be written to (confirmations, resets): counted per instance in
/// sliding hours, so a script can neither fill the accounts table nor make us mail someone over and over.
/// </summary>
public sealed class AccountLimits(TimeProvider clock)
{
    public const int SignUpsPerAddressPerHour = 10;
    public const int MailsPerMailboxPerHour = 4;
    private const int MaxKeys = 100_000;

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> signUps = new();
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> mails = new();

    public bool TakeSignUp(string address) => Take(signUps, address, SignUpsPerAddressPerHour);

    public bool TakeMail(string mailbox) => Take(mails, mailbox.ToUpperInvariant(), MailsPerMailboxPerHour);

    private bool Take(ConcurrentDictionary<string, Queue<DateTimeOffset>> counts, string key, int limit)
    {
        if (counts.Count >= MaxKeys)
        {
            counts.Clear();
        }

        var now = clock.GetUtcNow();
        var times = counts.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (times)
        {
            while (times.Count > 0 && now - times.Peek() > TimeSpan.FromHours(1))
            {
                times.Dequeue();
            }

            if (times.Count >= limit)
            {
                return false;
            }

            times.Enqueue(now);
            return true;
        }
    }
}
